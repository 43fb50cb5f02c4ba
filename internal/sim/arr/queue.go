package arr

import (
	"slices"
	"strconv"
	"time"
)

// download is one grabbed item on its way to disk.
type download struct {
	id     int
	target int // Radarr movie id or Sonarr episode id
	title  string
	size   int64
	added  time.Time
}

// queue holds the downloads in the order they were grabbed. Every download
// takes the same time, so that is also the order they finish in: settling
// pops from the front and costs nothing while nothing is due.
type queue struct {
	dl, imp  time.Duration
	next     int
	items    []*download
	byTarget map[int]*download
}

func newQueue(dl, imp time.Duration) queue {
	if dl <= 0 {
		dl = 2 * time.Minute
	}
	return queue{dl: dl, imp: max(imp, 0), byTarget: map[int]*download{}}
}

// add grabs target unless it is already downloading.
func (q *queue) add(target int, title string, size int64, now time.Time) {
	if q.byTarget[target] != nil {
		return
	}
	q.next++
	d := &download{id: q.next, target: target, title: title, size: size, added: now}
	q.items = append(q.items, d)
	q.byTarget[target] = d
}

// finished removes and returns the downloads on disk by now, with the time
// each landed.
func (q *queue) finished(now time.Time, each func(d *download, at time.Time)) {
	n := 0
	for _, d := range q.items {
		at := d.added.Add(q.dl + q.imp)
		if at.After(now) {
			break
		}
		delete(q.byTarget, d.target)
		each(d, at)
		n++
	}
	if n > 0 {
		q.items = slices.Delete(q.items, 0, n)
	}
}

// cancel drops the downloads of targets (an item was deleted).
func (q *queue) cancel(targets func(int) bool) {
	q.items = slices.DeleteFunc(q.items, func(d *download) bool {
		if targets(d.target) {
			delete(q.byTarget, d.target)
			return true
		}
		return false
	})
}

// page returns items [from, from+size) and the total.
func (q *queue) page(page, size int) ([]*download, int) {
	total := len(q.items)
	from := min(max(page-1, 0)*size, total)
	return q.items[from:min(from+size, total)], total
}

// progress is a download's state at now, in the services' words.
type progress struct {
	status, state string // queue status and tracked download state
	sizeLeft      float64
	timeLeft      time.Duration
	eta           time.Time
}

// progressOf: the first tenth of the time is spent queued at the download
// client, the rest downloading at a steady rate, then (with an import time)
// completed and waiting for import.
func (q *queue) progressOf(d *download, now time.Time) progress {
	elapsed := now.Sub(d.added)
	p := progress{status: "downloading", state: "downloading", eta: d.added.Add(q.dl), timeLeft: max(q.dl-elapsed, 0)}
	wait := q.dl / 10
	switch {
	case elapsed < wait:
		p.status, p.sizeLeft = "queued", float64(d.size)
	case elapsed < q.dl:
		p.sizeLeft = float64(d.size) * float64(q.dl-elapsed) / float64(q.dl-wait)
	default:
		p.status, p.state = "completed", "importPending"
	}
	return p
}

// queueResource is a QueueResource of either service; the other service's
// fields stay out.
type queueResource struct {
	ID                      int              `json:"id"`
	MovieID                 int              `json:"movieId,omitempty"`
	Movie                   *movieResource   `json:"movie,omitempty"`
	SeriesID                int              `json:"seriesId,omitempty"`
	EpisodeID               int              `json:"episodeId,omitempty"`
	SeasonNumber            *int             `json:"seasonNumber,omitempty"`
	Series                  *seriesResource  `json:"series,omitempty"`
	Episode                 *episodeResource `json:"episode,omitempty"`
	EpisodeHasFile          *bool            `json:"episodeHasFile,omitempty"`
	Languages               []language       `json:"languages"`
	CustomFormats           []struct{}       `json:"customFormats"`
	CustomFormatScore       int              `json:"customFormatScore"`
	Size                    float64          `json:"size"`
	Title                   string           `json:"title"`
	EstimatedCompletionTime string           `json:"estimatedCompletionTime"`
	Added                   string           `json:"added"`
	Status                  string           `json:"status"`
	TrackedDownloadStatus   string           `json:"trackedDownloadStatus"`
	TrackedDownloadState    string           `json:"trackedDownloadState"`
	StatusMessages          []struct{}       `json:"statusMessages"`
	DownloadID              string           `json:"downloadId"`
	Protocol                string           `json:"protocol"`
	DownloadClient          string           `json:"downloadClient"`
	Indexer                 string           `json:"indexer"`
	OutputPath              string           `json:"outputPath"`
	SizeLeft                float64          `json:"sizeleft"`
	TimeLeft                string           `json:"timeleft"`
}

type queuePageResource struct {
	Page          int             `json:"page"`
	PageSize      int             `json:"pageSize"`
	SortKey       string          `json:"sortKey"`
	SortDirection string          `json:"sortDirection"`
	TotalRecords  int             `json:"totalRecords"`
	Records       []queueResource `json:"records"`
}

// queueRecord fills what both services say of a download.
func queueRecord(q *queue, d *download, now time.Time) queueResource {
	p := q.progressOf(d, now)
	return queueResource{
		ID: d.id, Title: d.title, Size: float64(d.size), SizeLeft: p.sizeLeft, TimeLeft: timeSpan(p.timeLeft),
		EstimatedCompletionTime: stamp(p.eta), Added: stamp(d.added), Status: p.status,
		TrackedDownloadStatus: "ok", TrackedDownloadState: p.state, StatusMessages: []struct{}{},
		DownloadID: "SIM" + strconv.Itoa(d.id), Protocol: "torrent", DownloadClient: "Simulated",
		Indexer: "Simulated", OutputPath: "/downloads/" + d.title, Languages: []language{english},
		CustomFormats: []struct{}{},
	}
}
