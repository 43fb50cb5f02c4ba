package web

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/lemedia/lemedia/internal/service"
)

// adminAuditExport downloads every row the filter matches, as CSV or JSON:
// GET /admin/audit/export?format=csv|json&actor=…&action=…&target=…&from=…&to=…
// The export itself is recorded in the audit log.
func (p *Pages) adminAuditExport(w http.ResponseWriter, r *http.Request) {
	pr, _ := principal(r)
	q := r.URL.Query()
	format := q.Get("format")
	if format != "csv" && format != "json" {
		p.RenderError(w, r, http.StatusBadRequest, "Choose an export format: csv or json.")
		return
	}
	q.Del("before") // an export is never one page
	filter, errs := parseAuditFilter(q)
	if len(errs) > 0 {
		p.RenderError(w, r, http.StatusBadRequest, "The filter is not valid. Correct it on the audit log page, then export again.")
		return
	}
	rows, err := p.svc.AuditExport(r.Context(), meta(r), pr, filter, format)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Disposition", `attachment; filename="lemedia-audit-`+p.svc.Now().UTC().Format("20060102")+"."+format+`"`)
	if format == "csv" {
		h.Set("Content-Type", "text/csv; charset=utf-8")
		err = writeAuditCSV(w, rows)
	} else {
		h.Set("Content-Type", "application/json; charset=utf-8")
		err = writeAuditJSON(w, rows)
	}
	if err != nil { // the status is sent; only the log can tell
		p.log.Error("audit export", "format", format, "error", err, "request_id", requestID(r))
	}
}

var auditCSVHeader = []string{"id", "time", "actor_id", "actor_name", "action", "target", "outcome", "ip", "request_id", "metadata", "prev_hash", "hash"}

// csvCell defuses spreadsheet formula injection: a cell a spreadsheet would
// run as a formula (= + - @, or a leading tab or carriage return) gets a
// leading single quote, so it shows as text.
func csvCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// writeAuditCSV writes a header row and one escaped row per record.
func writeAuditCSV(w io.Writer, rows []service.AuditRow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(auditCSVHeader); err != nil {
		return err
	}
	for _, a := range rows {
		actor := ""
		if a.ActorID != 0 {
			actor = strconv.FormatInt(a.ActorID, 10)
		}
		rec := []string{strconv.FormatInt(a.ID, 10), a.At.UTC().Format(time.RFC3339Nano), actor, a.ActorName, a.Action, a.Target,
			a.Outcome, a.IP, a.RequestID, a.Metadata, a.PrevHash, a.Hash}
		for i := range rec {
			rec[i] = csvCell(rec[i])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

type auditJSONRow struct {
	ID        int64           `json:"id"`
	At        time.Time       `json:"time"`
	ActorID   *int64          `json:"actor_id"` // null: anonymous or the system
	ActorName string          `json:"actor_name"`
	Action    string          `json:"action"`
	Target    string          `json:"target"`
	Outcome   string          `json:"outcome"`
	IP        string          `json:"ip"`
	RequestID string          `json:"request_id"`
	Metadata  json.RawMessage `json:"metadata"`
	PrevHash  string          `json:"prev_hash"`
	Hash      string          `json:"hash"`
}

// writeAuditJSON writes one JSON array ([] when empty); metadata stays an
// object, or becomes a string if what was stored is not valid JSON.
func writeAuditJSON(w io.Writer, rows []service.AuditRow) error {
	out := make([]auditJSONRow, 0, len(rows))
	for _, a := range rows {
		j := auditJSONRow{ID: a.ID, At: a.At.UTC(), ActorName: a.ActorName, Action: a.Action, Target: a.Target,
			Outcome: a.Outcome, IP: a.IP, RequestID: a.RequestID, PrevHash: a.PrevHash, Hash: a.Hash}
		if a.ActorID != 0 {
			id := a.ActorID
			j.ActorID = &id
		}
		switch {
		case a.Metadata == "":
			j.Metadata = json.RawMessage("null")
		case json.Valid([]byte(a.Metadata)):
			j.Metadata = json.RawMessage(a.Metadata)
		default:
			b, _ := json.Marshal(a.Metadata)
			j.Metadata = b
		}
		out = append(out, j)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
