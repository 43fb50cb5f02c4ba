package web

import "net/http"

type errorView struct {
	Status    int
	Heading   string
	Message   string
	RequestID string
}

var errorHeadings = map[int][2]string{
	http.StatusNotFound:              {"Nothing here", "The page you asked for does not exist, or you cannot see it."},
	http.StatusMethodNotAllowed:      {"Not like that", "This page does not accept that kind of request."},
	http.StatusRequestEntityTooLarge: {"Too much at once", "What you sent is larger than this server accepts."},
	http.StatusForbidden:             {"Not allowed", "This request was refused."},
	http.StatusTooManyRequests:       {"Slow down", "Too many requests. Wait a moment and try again."},
	http.StatusServiceUnavailable:    {"Back soon", "LeMedia cannot serve this right now. Try again in a moment."},
}

// RenderError renders the styled error page; server uses it for every HTML error.
func (p *Pages) RenderError(w http.ResponseWriter, r *http.Request, status int, detail string) {
	head, ok := errorHeadings[status]
	if !ok {
		head = [2]string{"Something went wrong", "The error was logged. If it keeps happening, give the administrator the reference below."}
	}
	if detail != "" && status < 500 {
		head[1] = detail
	}
	v := errorView{Status: status, Heading: head[0], Message: head[1], RequestID: requestID(r)}
	p.render(w, r, status, "error", head[0], v)
}
