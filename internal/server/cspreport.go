package server

import (
	"net/http"

	"github.com/lemedia/lemedia/internal/httpio"
	"github.com/lemedia/lemedia/internal/obs"
)

// cspReport is the body browsers POST to the policy's report-uri.
type cspReport struct {
	Report struct {
		DocumentURI        string `json:"document-uri"`
		Referrer           string `json:"referrer"`
		ViolatedDirective  string `json:"violated-directive"`
		EffectiveDirective string `json:"effective-directive"`
		OriginalPolicy     string `json:"original-policy"`
		Disposition        string `json:"disposition"`
		BlockedURI         string `json:"blocked-uri"`
		LineNumber         int    `json:"line-number"`
		ColumnNumber       int    `json:"column-number"`
		SourceFile         string `json:"source-file"`
		StatusCode         int    `json:"status-code"`
		ScriptSample       string `json:"script-sample"`
	} `json:"csp-report"`
}

// cspReportHandler logs a policy violation: a violation on our own pages is a
// bug or an attack, and either should be seen.
func (s *Server) cspReportHandler(w http.ResponseWriter, r *http.Request) {
	var rep cspReport
	if p := httpio.DecodeJSON(r, &rep); p != nil {
		httpio.WriteProblem(w, r, p.Status, p.Detail, p.Errors...)
		return
	}
	v := rep.Report
	s.log.Warn("csp violation", "request_id", httpio.From(r.Context()).ID,
		"document", obs.StripQuery(v.DocumentURI), "directive", v.EffectiveDirective,
		"blocked", obs.StripQuery(v.BlockedURI), "source", obs.StripQuery(v.SourceFile), "line", v.LineNumber)
	w.WriteHeader(http.StatusNoContent)
}
