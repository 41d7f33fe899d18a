package jobs

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/vouchhq/vouch/server/internal/platform/db"
)

// metrics holds the queue's Prometheus series; Collectors hands them to a registry.
type metrics struct {
	completed *prometheus.CounterVec
	retried   *prometheus.CounterVec
	failed    *prometheus.CounterVec
	duration  *prometheus.HistogramVec
	depth     *depthCollector
}

func newMetrics(d *db.DB) *metrics {
	return &metrics{
		completed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "vouch_jobs_completed_total",
			Help: "Background jobs that ran successfully, by kind.",
		}, []string{"kind"}),
		retried: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "vouch_jobs_retried_total",
			Help: "Background job runs that failed and were scheduled again, by kind.",
		}, []string{"kind"}),
		failed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "vouch_jobs_failed_total",
			Help: "Background jobs that failed for good (attempts used up, permanent error, expired), by kind.",
		}, []string{"kind"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "vouch_jobs_run_duration_seconds",
			Help:    "Time one run of a background job took, by kind.",
			Buckets: []float64{.005, .025, .1, .5, 1, 5, 30, 120, 600},
		}, []string{"kind"}),
		depth: &depthCollector{db: d, desc: prometheus.NewDesc("vouch_jobs",
			"Background jobs in the database now, by state (available, running, failed; completed ones are not counted).",
			[]string{"state"}, nil)},
	}
}

// Collectors returns the queue's metrics, for a Prometheus registry.
func (q *Queue) Collectors() []prometheus.Collector {
	m := q.metrics
	return []prometheus.Collector{m.completed, m.retried, m.failed, m.duration, m.depth}
}

// depthCollector counts jobs by state at scrape time: the queue depth is in the database,
// shared by every instance, not in one process's memory.
type depthCollector struct {
	db   *db.DB
	desc *prometheus.Desc
}

// Describe sends the one descriptor.
func (c *depthCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

// Collect counts jobs by state; a database that does not answer yields no sample.
func (c *depthCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var rows []struct {
		State string `db:"state"`
		N     int    `db:"n"`
	}
	if err := c.db.Select(ctx, &rows, `SELECT state, COUNT(*) AS n FROM jobs
		WHERE state IN ('available', 'running', 'failed') GROUP BY state`); err != nil {
		return
	}
	counts := map[string]int{"available": 0, "running": 0, "failed": 0}
	for _, r := range rows {
		counts[r.State] = r.N
	}
	for state, n := range counts {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(n), state)
	}
}
