package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// client sends one request on its own keep-alive connection and reads the
// whole response.
type client interface {
	Do() (status int, err error)
	Close()
}

// rawClient is a minimal HTTP/1.1 client in the style of wrk: the request
// bytes are built once, the response is parsed in place from a reused
// buffer and its body discarded, so a request costs the harness a write, a
// read and no allocation. It understands Content-Length, chunked bodies,
// bodies ended by close, and Connection: close.
type rawClient struct {
	addr       string
	head, tail []byte    // the request is head, [X-Forwarded-For line,] tail
	clientIPs  int       // > 0: rotate X-Forwarded-For over this many addresses
	next       int       // index of the next address
	buf        []byte    // the request with its X-Forwarded-For line, rebuilt in place
	variants   [][]byte  // whole requests, one per session, sent in turn (Endpoint.Sessions)
	variant    int       // index of the next variant
	noBody     bool      // HEAD: the response has no body
	deadline   time.Time // the whole run's; a hung request ends with it
	conn       net.Conn
	br         *bufio.Reader
}

// newRawClient makes the client of connection number conn.
func newRawClient(addr string, ep Endpoint, extra map[string]string, conn int, deadline time.Time) *rawClient {
	head, tail := buildRequest(ep, addr, extra)
	c := &rawClient{addr: addr, head: head, tail: tail, clientIPs: ep.ClientIPs, noBody: ep.Method == http.MethodHead,
		deadline: deadline, br: bufio.NewReaderSize(nil, 32<<10)}
	if len(ep.sessions) > 0 { // runLoad gave this connection its share
		for _, s := range ep.sessions {
			h, t := buildRequest(ep, addr, mergeHeader(extra, s.header()))
			c.variants = append(c.variants, append(h, t...))
		}
		c.clientIPs = 0 // each session keeps its own address
		c.buf = c.variants[0]
	} else if c.clientIPs > 0 {
		c.next = conn * 7919 % c.clientIPs // connections start apart
		c.buf = make([]byte, 0, len(head)+len(tail)+64)
	} else {
		c.buf = append(head[:len(head):len(head)], tail...)
	}
	return c
}

// buildRequest writes ep as HTTP/1.1 request bytes for host: head holds the
// request line and headers, tail the blank line and the body.
func buildRequest(ep Endpoint, host string, extra map[string]string) (head, tail []byte) {
	var b bytes.Buffer
	b.WriteString(ep.Method + " " + ep.Path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: lemedia-bench\r\nAccept: */*\r\n")
	for _, k := range mergedHeaderKeys(ep.Header, extra) {
		v, ok := ep.Header[k]
		if !ok {
			v = extra[k]
		}
		b.WriteString(http.CanonicalHeaderKey(k) + ": " + v + "\r\n")
	}
	if len(ep.Body) > 0 || ep.Method == http.MethodPost || ep.Method == http.MethodPut || ep.Method == http.MethodPatch {
		b.WriteString("Content-Length: " + strconv.Itoa(len(ep.Body)) + "\r\n")
	}
	head = b.Bytes()
	tail = append([]byte("\r\n"), ep.Body...)
	return head, tail
}

// benchNet is 198.18.0.0/15, reserved by RFC 2544 for benchmarks.
const benchNet = 198<<24 | 18<<16

// appendClientAddr appends the i-th address of benchNet.
func appendClientAddr(b []byte, i int) []byte {
	a := uint32(benchNet + i%(1<<17))
	for shift := 24; shift >= 0; shift -= 8 {
		b = strconv.AppendUint(b, uint64(a>>shift&0xff), 10)
		if shift > 0 {
			b = append(b, '.')
		}
	}
	return b
}

func clientAddr(i int) string { return string(appendClientAddr(nil, i)) }

// connSessions is the share of sessions of connection conn of conns: every
// conns-th, so that each session has one connection; with fewer sessions
// than connections, connections share them.
func connSessions(sessions []Session, conn, conns int) []Session {
	if len(sessions) == 0 {
		return nil
	}
	if len(sessions) <= conns {
		return sessions[conn%len(sessions) : conn%len(sessions)+1]
	}
	var own []Session
	for i := conn; i < len(sessions); i += conns {
		own = append(own, sessions[i])
	}
	return own
}

// mergeHeader is extra with over's keys replacing its own.
func mergeHeader(extra, over map[string]string) map[string]string {
	m := make(map[string]string, len(extra)+len(over))
	for k, v := range extra {
		m[k] = v
	}
	for k, v := range over {
		m[k] = v
	}
	return m
}

// mergedHeaderKeys lists the keys of both maps once, sorted; the
// endpoint's own value wins over the target's.
func mergedHeaderKeys(own, extra map[string]string) []string {
	var keys []string
	for k := range own {
		keys = append(keys, k)
	}
	for k := range extra {
		if _, ok := own[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

func (c *rawClient) Do() (int, error) {
	if c.conn == nil {
		conn, err := net.DialTimeout("tcp", c.addr, 5*time.Second)
		if err != nil {
			return 0, err
		}
		_ = conn.SetDeadline(c.deadline)
		c.conn = conn
		c.br.Reset(conn)
	}
	if len(c.variants) > 0 {
		c.buf = c.variants[c.variant]
		c.variant = (c.variant + 1) % len(c.variants)
	} else if c.clientIPs > 0 {
		c.buf = append(append(c.buf[:0], c.head...), "X-Forwarded-For: "...)
		c.buf = append(append(appendClientAddr(c.buf, c.next), "\r\n"...), c.tail...)
		c.next = (c.next + 1) % c.clientIPs
	}
	if _, err := c.conn.Write(c.buf); err != nil {
		c.Close()
		return 0, err
	}
	status, keep, err := readResponse(c.br, c.noBody)
	if err != nil || !keep {
		c.Close()
	}
	return status, err
}

func (c *rawClient) Close() {
	if c.conn != nil {
		c.conn.Close()
		c.conn = nil
	}
}

var (
	errMalformed = errors.New("malformed HTTP response")
	hdrLength    = []byte("content-length")
	hdrEncoding  = []byte("transfer-encoding")
	hdrConn      = []byte("connection")
	valChunked   = []byte("chunked")
	valClose     = []byte("close")
)

// readResponse reads one response and discards its body. keep is false
// when the connection cannot carry another request.
func readResponse(br *bufio.Reader, head bool) (status int, keep bool, err error) {
	for {
		status, keep, length, chunked, err := readHead(br)
		if err != nil {
			return status, false, err
		}
		if status >= 100 && status < 200 && status != http.StatusSwitchingProtocols {
			continue // an interim response; the real one follows
		}
		switch {
		case head || status == http.StatusNoContent || status == http.StatusNotModified:
		case chunked:
			err = discardChunked(br)
		case length >= 0:
			_, err = br.Discard(int(length))
		default: // the body ends when the server closes
			_, err = io.Copy(io.Discard, br)
			keep = false
		}
		return status, keep && err == nil, err
	}
}

// readHead parses the status line and the headers that frame the body.
func readHead(br *bufio.Reader) (status int, keep bool, length int64, chunked bool, err error) {
	line, err := br.ReadSlice('\n')
	if err != nil {
		return 0, false, 0, false, err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) {
		return 0, false, 0, false, errMalformed
	}
	for _, c := range line[9:12] {
		if c < '0' || c > '9' {
			return 0, false, 0, false, errMalformed
		}
		status = status*10 + int(c-'0')
	}
	keep, length = line[7] == '1', -1 // HTTP/1.0 closes by default
	for {
		line, err = br.ReadSlice('\n')
		if err != nil {
			return status, false, length, chunked, err
		}
		if len(line) <= 2 { // the empty line ends the head
			return status, keep, length, chunked, nil
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return status, false, length, chunked, errMalformed
		}
		value = bytes.TrimSpace(value)
		switch {
		case bytes.EqualFold(name, hdrLength):
			if length, err = parseDecimal(value); err != nil {
				return status, false, length, chunked, err
			}
		case bytes.EqualFold(name, hdrEncoding):
			chunked = containsFold(value, valChunked)
		case bytes.EqualFold(name, hdrConn):
			if containsFold(value, valClose) {
				keep = false
			}
		}
	}
}

// discardChunked reads a chunked body and its trailers.
func discardChunked(br *bufio.Reader) error {
	for {
		line, err := br.ReadSlice('\n')
		if err != nil {
			return err
		}
		if i := bytes.IndexByte(line, ';'); i >= 0 {
			line = line[:i] // chunk extensions
		}
		size, err := parseHex(bytes.TrimSpace(line))
		if err != nil {
			return err
		}
		if size == 0 {
			for { // trailers, then the empty line
				line, err := br.ReadSlice('\n')
				if err != nil {
					return err
				}
				if len(line) <= 2 {
					return nil
				}
			}
		}
		if _, err := br.Discard(int(size)); err != nil {
			return err
		}
		if line, err := br.ReadSlice('\n'); err != nil {
			return err
		} else if len(line) > 2 {
			return errMalformed
		}
	}
}

func parseDecimal(b []byte) (int64, error) {
	if len(b) == 0 || len(b) > 18 {
		return 0, errMalformed
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, errMalformed
		}
		n = n*10 + int64(c-'0')
	}
	return n, nil
}

func parseHex(b []byte) (int64, error) {
	if len(b) == 0 || len(b) > 15 {
		return 0, errMalformed
	}
	var n int64
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			n = n<<4 | int64(c-'0')
		case c >= 'a' && c <= 'f':
			n = n<<4 | int64(c-'a'+10)
		case c >= 'A' && c <= 'F':
			n = n<<4 | int64(c-'A'+10)
		default:
			return 0, errMalformed
		}
	}
	return n, nil
}

// containsFold reports whether sub occurs in b, ignoring ASCII case.
func containsFold(b, sub []byte) bool {
	for i := 0; i+len(sub) <= len(b); i++ {
		if bytes.EqualFold(b[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}
