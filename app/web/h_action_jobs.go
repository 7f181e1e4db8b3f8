package web

import (
	"context"
	"time"
)

// actionJobsEvery is how often the server looks for newly overdue items and
// due revisits; claims are per row, so every instance may run it.
const actionJobsEvery = time.Minute

// runActionJobs runs the follow-up jobs until ctx ends (started by Serve).
func (s *Server) runActionJobs(ctx context.Context) {
	s.Actions.RunJobs(ctx, actionJobsEvery, s.Log)
}
