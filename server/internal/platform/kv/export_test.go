package kv

// NewRedisClient exposes newRedisClient to the tests of package kv_test, which build
// clients from VOUCH_TEST_REDIS_URL the way Open does.
var NewRedisClient = newRedisClient
