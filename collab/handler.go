package collab

import (
	"errors"
	"fmt"
	"time"
)

// errFatal marks a message that ends the connection (a broken limit).
var errFatal = errors.New("limit exceeded")

// errNoAccess: the user may not read the document; answered exactly like a
// document that does not exist.
var errNoAccess = errors.New("collab: no access")

// handleFrame handles one protocol message after the handshake.
func (p *peer) handleFrame(b []byte) error {
	m, err := DecodeMessage(b)
	if err != nil {
		return err
	}
	switch m.Type {
	case TypeSync, TypeRequest:
		return p.handleSync(m)
	case TypeEphemeral:
		return p.handleEphemeral(m, b)
	default:
		// join again, remote-subscription-change, remote-heads-changed,
		// doc-unavailable from a client: nothing to do.
		return nil
	}
}

func (p *peer) unavailable(docID string) {
	p.send(&Message{Type: TypeDocUnavailable, SenderID: p.srv.peerID, TargetID: p.id, DocumentID: docID})
}

// open loads the document and checks that the peer may read it.
func (p *peer) open(id DocumentID) (*document, access, error) {
	d, err := p.srv.hub.get(p.ctx, id)
	if err != nil {
		return nil, access{}, err
	}
	acc, err := p.accessFor(d.meta)
	if err != nil {
		return nil, access{}, err
	}
	if !acc.read {
		return nil, access{}, errNoAccess
	}
	return d, acc, nil
}

func accessKey(m docMeta) string { return m.InterviewID + "/" + string(m.Kind) }

func (p *peer) accessFor(m docMeta) (access, error) {
	key := accessKey(m)
	if a, ok := p.access[key]; ok && time.Since(a.at) < accessTTL {
		return a, nil
	}
	a, err := p.srv.accessFor(p.ctx, p.user, m)
	if err != nil {
		return access{}, err
	}
	a.at = time.Now()
	p.access[key] = a
	return a, nil
}

// recheck evaluates afresh the peer's access to the documents it has open —
// all of them, or those of one interview — so that a peer that only listens
// notices a change too: a document it may no longer read is closed (it gets
// doc-unavailable and nothing more of it), one it may no longer write turns
// read-only. A failed lookup keeps what the peer had (a database hiccup
// must not cut an interview); the next recheck tries again.
func (p *peer) recheck(interviewID string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for id, d := range p.docs {
		if interviewID != "" && d.meta.InterviewID != interviewID {
			continue
		}
		delete(p.access, accessKey(d.meta))
		acc, err := p.accessFor(d.meta)
		if err != nil {
			p.log.Warn("collab: recheck access", "doc", id, "err", err)
			continue
		}
		if !acc.read {
			d.detach(p)
			delete(p.docs, id)
			p.unavailable(string(id))
			continue
		}
		d.mu.Lock()
		if pd := d.peers[p]; pd != nil && pd.readOnly != !acc.write {
			pd.readOnly, pd.warned = !acc.write, false
		}
		d.mu.Unlock()
	}
}

func (p *peer) handleSync(m *Message) error {
	id, err := ParseDocumentID(m.DocumentID)
	if err != nil {
		p.unavailable(m.DocumentID)
		return err
	}
	for range 3 {
		d, acc, err := p.open(id)
		if err != nil {
			if old := p.docs[id]; old != nil { // access lost
				old.detach(p)
				delete(p.docs, id)
			}
			if !errors.Is(err, errDocNotFound) && !errors.Is(err, errNoAccess) {
				p.log.Warn("collab: open document", "doc", id, "err", err)
			}
			p.unavailable(m.DocumentID)
			return nil
		}
		if _, ok := p.docs[id]; !ok && len(p.docs) >= p.srv.cfg.Limits.MaxDocsPerPeer {
			return fmt.Errorf("%w: more than %d documents", errFatal, p.srv.cfg.Limits.MaxDocsPerPeer)
		}
		d.mu.Lock()
		_, had := d.peers[p]
		pd, ok := d.attach(p, !acc.write)
		if !ok {
			d.mu.Unlock()
			continue // evicted meanwhile: load again
		}
		p.docs[id] = d
		carried, rerr := d.receive(pd, m.Data)
		if carried && pd.readOnly && !pd.warned {
			pd.warned = true
			p.warn("read-only: your changes to " + string(id) + " were not applied")
		}
		if !had || m.Type == TypeRequest { // answer the handshake at once
			if err := d.save(p.ctx); err != nil {
				d.mu.Unlock()
				return err
			}
			d.sendTo(p, pd, time.Now())
		}
		d.scheduleFlush(d.hub.delayFor(len(d.peers)))
		actors := pd.newActors
		pd.newActors = nil
		d.mu.Unlock()
		if len(actors) > 0 {
			// Who typed what, for the replay: the first peer whose message
			// brings an actor's change is that actor's user. Best effort: the
			// changes themselves are already stored.
			if err := p.srv.hub.st.addAuthors(p.ctx, id, actors, p.user.ID); err != nil {
				p.log.Warn("collab: store authors", "doc", id, "err", err)
			}
		}
		return rerr
	}
	p.unavailable(m.DocumentID)
	return nil
}

func (p *peer) handleEphemeral(m *Message, raw []byte) error {
	id, err := ParseDocumentID(m.DocumentID)
	if err != nil {
		return err
	}
	d, _, err := p.open(id)
	if err != nil {
		return nil // not even its existence: drop silently
	}
	d.mu.Lock()
	targets := make([]*peer, 0, len(d.peers))
	for t := range d.peers {
		if t != p {
			targets = append(targets, t)
		}
	}
	d.mu.Unlock()
	for _, t := range targets {
		frame, err := relayEphemeral(raw, t.id)
		if err != nil {
			return err
		}
		t.sendFrame(frame)
	}
	return nil
}

func (p *peer) sendFrame(frame []byte) {
	select {
	case p.out <- frame:
	case <-p.ctx.Done():
	default:
		p.log.Warn("collab: outgoing queue full; disconnecting")
		go p.fail("too slow: outgoing queue full")
	}
}
