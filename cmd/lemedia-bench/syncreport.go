package main

import (
	"fmt"
	"io"
	"text/tabwriter"
)

func (r *SyncResult) label() string {
	return fmt.Sprintf("%s (%s)", r.Job, r.Note)
}

func (r *SyncResult) targetLine() string {
	mark := "ok  "
	if r.Duration > r.Target {
		mark = "MISS"
	}
	what := fmt.Sprintf("the whole library (%s items, %s", grouped(int64(r.Items)), r.Note)
	if r.Job == "request_status_sync" {
		what = fmt.Sprintf("the status sync of %s requests (%s", grouped(int64(r.Items)), r.Note)
	}
	return fmt.Sprintf("%s %s, %s, %s) <= %s: %s", mark, what, r.Server, r.Engine, fmtMS(r.Target), ms(r.Duration))
}

// writeSyncText prints the sync phases' figures, if any ran.
func writeSyncText(w io.Writer) {
	if len(syncResults) == 0 {
		return
	}
	fmt.Fprintln(w, "\nsyncs: each a run of the job in LeMedia against lemedia-sim, its duration from job_run (started_at → finished_at); CPU and peak RSS over the harness's window (from \"Run now\" until it saw the end)")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "engine\tmedia server\tjob\titems\tduration\tper second\tLeMedia CPU\tsim CPU\tother CPU\twindow\tpeak RSS\tcounts\t")
	for _, r := range syncResults {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s %s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", r.Engine, r.Server, r.label(), grouped(int64(r.Items)), r.Unit,
			ms(r.Duration), grouped(int64(r.PerSecond())), ms(r.ServerCPU), ms(r.SimCPU), ms(r.OtherCPU), ms(r.Window), mib(r.PeakRSS), r.Counts)
	}
	tw.Flush()
	fmt.Fprintln(w, "\nsync targets")
	for _, r := range syncResults {
		fmt.Fprintln(w, "  "+r.targetLine())
	}
}

// writeSyncMarkdown is writeSyncText as a markdown section.
func writeSyncMarkdown(w io.Writer) {
	if len(syncResults) == 0 {
		return
	}
	fmt.Fprintln(w, "\n### Syncs")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| engine | media server | job | items | duration | per second | LeMedia CPU | sim CPU | other CPU | peak RSS | counts |")
	fmt.Fprintln(w, "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
	for _, r := range syncResults {
		fmt.Fprintf(w, "| %s | %s | `%s` (%s) | %s %s | %s | %s | %s | %s | %s | %s | `%s` |\n", r.Engine, r.Server, r.Job, r.Note,
			grouped(int64(r.Items)), r.Unit, ms(r.Duration), grouped(int64(r.PerSecond())), ms(r.ServerCPU), ms(r.SimCPU), ms(r.OtherCPU),
			mib(r.PeakRSS), r.Counts)
	}
	fmt.Fprintln(w, "\nSync targets:")
	fmt.Fprintln(w)
	for _, r := range syncResults {
		fmt.Fprintln(w, "- "+r.targetLine())
	}
}
