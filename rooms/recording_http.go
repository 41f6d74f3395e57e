package rooms

import (
	"net/http"
	"time"

	"github.com/interviewprep/interviewprep/internal/httpx"
)

// registerRecordings adds the recording routes (join is the
// identity.Require wrapper of Register).
func (h *Handler) registerRecordings(mux httpx.Mux, join func(http.HandlerFunc) http.Handler) {
	mux.Handle("GET /api/interviews/{id}/recordings", join(h.recordings))
	mux.Handle("POST /api/interviews/{id}/recordings", join(h.startRecording))
	mux.Handle("POST /api/interviews/{id}/recordings/stop", join(h.stopRecording))
	mux.Handle("PUT /api/interviews/{id}/recording-settings", join(h.recordingSettings))
	mux.Handle("GET /api/recordings/{id}/media", join(h.recordingMedia))
	mux.Handle("DELETE /api/recordings/{id}", join(h.deleteRecording))
}

func (h *Handler) recordings(w http.ResponseWriter, r *http.Request) {
	list, err := h.svc.Recordings(r.Context(), r.PathValue("id"))
	httpx.Reply(w, r, http.StatusOK, list, err)
}

func (h *Handler) startRecording(w http.ResponseWriter, r *http.Request) {
	if !h.hostNoBody(w, r) {
		return
	}
	v, err := h.svc.StartRecording(r.Context(), r.PathValue("id"))
	httpx.Reply(w, r, http.StatusCreated, v, err)
}

func (h *Handler) stopRecording(w http.ResponseWriter, r *http.Request) {
	if !h.hostNoBody(w, r) {
		return
	}
	v, err := h.svc.StopRecording(r.Context(), r.PathValue("id"))
	httpx.Reply(w, r, http.StatusOK, v, err)
}

// hostNoBody answers (and reports false) unless the caller controls the
// call and sent no body.
func (h *Handler) hostNoBody(w http.ResponseWriter, r *http.Request) bool {
	if err := h.svc.AllowedHost(r.Context(), r.PathValue("id")); err != nil {
		httpx.Error(w, r, err)
		return false
	}
	if err := noBody(w, r); err != nil {
		httpx.Error(w, r, err)
		return false
	}
	return true
}

func (h *Handler) recordingSettings(w http.ResponseWriter, r *http.Request) {
	var req RecordingSettings
	if !h.hostBody(w, r, &req) {
		return
	}
	v, err := h.svc.SetAutoRecord(r.Context(), r.PathValue("id"), req)
	httpx.Reply(w, r, http.StatusOK, v, err)
}

// recordingMedia serves the composed file with Range support
// (http.ServeContent answers 206 to a range and 416 to a bad one);
// ?download=1 asks the browser to save it.
func (h *Handler) recordingMedia(w http.ResponseWriter, r *http.Request) {
	f, d, err := h.svc.RecordingMedia(r.Context(), r.PathValue("id"))
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		httpx.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "video/mp4")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if r.URL.Query().Get("download") == "1" {
		name := "interview-" + d.StartedAt.UTC().Format("2006-01-02-1504") + ".mp4"
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	}
	http.ServeContent(w, r, "recording.mp4", st.ModTime().Truncate(time.Second), f)
}

func (h *Handler) deleteRecording(w http.ResponseWriter, r *http.Request) {
	noContent(w, r, h.svc.DeleteRecording(r.Context(), r.PathValue("id")))
}
