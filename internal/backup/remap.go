package backup

import (
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/x/bsonx/bsoncore"
)

// idMap renames user ids: Kratos ids of the archive's identities to the
// ids the same people have in the target Kratos. The app keeps user ids in
// strings only (users' _id, interviews' people, "<interview>:<user>" keys,
// collab's actor-to-user table), so rewriting every string value and key
// that holds one moves every reference.
type idMap map[string]string

// replace returns s with every mapped id in it replaced, and whether any was.
func (m idMap) replace(s string) (string, bool) {
	if len(s) < 36 {
		return s, false
	}
	var out []byte
	last := 0
	for i := 0; i+36 <= len(s); {
		if s[i+8] == '-' && s[i+13] == '-' && s[i+18] == '-' && s[i+23] == '-' {
			if to, ok := m[s[i:i+36]]; ok {
				out = append(append(out, s[last:i]...), to...)
				i += 36
				last = i
				continue
			}
		}
		i++
	}
	if out == nil {
		return s, false
	}
	return string(append(out, s[last:]...)), true
}

// document returns doc with the ids replaced (doc itself when it holds
// none). Values other than strings, documents and arrays are copied as
// they are: binary data (Automerge documents) is never touched.
func (m idMap) document(doc bson.Raw) (bson.Raw, error) {
	if len(m) == 0 {
		return doc, nil
	}
	out, changed, err := m.rewrite(nil, bsoncore.Document(doc))
	if err != nil || !changed {
		return doc, err
	}
	return bson.Raw(out), nil
}

func (m idMap) rewrite(dst []byte, doc bsoncore.Document) ([]byte, bool, error) {
	elems, err := doc.Elements()
	if err != nil {
		return nil, false, fmt.Errorf("backup: rename user ids: %w", err)
	}
	start, dst := bsoncore.AppendDocumentStart(dst)
	changed := false
	for _, e := range elems {
		key, c := m.replace(e.Key())
		changed = changed || c
		v := e.Value()
		switch v.Type {
		case bsoncore.TypeString:
			s, c := m.replace(v.StringValue())
			changed = changed || c
			dst = bsoncore.AppendStringElement(dst, key, s)
		case bsoncore.TypeEmbeddedDocument, bsoncore.TypeArray:
			sub, _ := v.DocumentOK()
			if v.Type == bsoncore.TypeArray {
				arr, _ := v.ArrayOK()
				sub = bsoncore.Document(arr)
			}
			dst = bsoncore.AppendHeader(dst, v.Type, key)
			var c bool
			if dst, c, err = m.rewrite(dst, sub); err != nil {
				return nil, false, err
			}
			changed = changed || c
		default:
			dst = bsoncore.AppendValueElement(dst, key, v)
		}
	}
	dst, err = bsoncore.AppendDocumentEnd(dst, start)
	return dst, changed, err
}
