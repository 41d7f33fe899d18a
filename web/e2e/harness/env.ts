/** The PostgreSQL and Redis the server under test uses, from the environment. */
export interface Backends {
  /** An admin URL: the harness creates and drops its own database through it. */
  postgresAdminURL: string;
  redisURL: string;
}

const localPostgres = 'postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable';
const localRedis = 'redis://127.0.0.1:6379/0';

/**
 * VOUCH_TEST_POSTGRES_URL and VOUCH_TEST_REDIS_URL, as the Go tests read them. A
 * developer gets the local services by default; CI must say which to use, so a
 * misconfigured CI fails here instead of testing against whatever happens to listen.
 */
export function backendsFromEnv(env: NodeJS.ProcessEnv = process.env): Backends {
  const postgres = env.VOUCH_TEST_POSTGRES_URL;
  const redis = env.VOUCH_TEST_REDIS_URL;
  if (env.CI === 'true' && (!postgres || !redis)) {
    throw new Error(
      'e2e needs VOUCH_TEST_POSTGRES_URL (an admin URL, e.g. postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable) ' +
        'and VOUCH_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/0) when CI=true',
    );
  }
  return { postgresAdminURL: postgres || localPostgres, redisURL: redis || localRedis };
}
