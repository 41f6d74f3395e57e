package collab

import (
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"math/big"
	"strings"
)

const b58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

// DocumentID is an automerge-repo document id: bs58check of 16 random bytes.
type DocumentID string

// URLPrefix starts every automerge URL.
const URLPrefix = "automerge:"

// URL is the document's automerge URL.
func (id DocumentID) URL() string { return URLPrefix + string(id) }

// NewDocumentID makes a random id the way automerge-repo does (a UUIDv4's 16
// bytes, bs58check encoded).
func NewDocumentID() DocumentID {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = (b[6] & 0x0f) | 0x40
	b[8] = (b[8] & 0x3f) | 0x80
	return DocumentID(bs58checkEncode(b[:]))
}

var errBadDocID = errors.New("collab: bad document id")

// ParseDocumentID accepts a document id or an automerge URL (heads after '#'
// are ignored) and checks its checksum.
func ParseDocumentID(s string) (DocumentID, error) {
	s = strings.TrimPrefix(s, URLPrefix)
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	b, err := bs58checkDecode(s)
	if err != nil || len(b) != 16 {
		return "", errBadDocID
	}
	return DocumentID(s), nil
}

func checksum(b []byte) []byte {
	h1 := sha256.Sum256(b)
	h2 := sha256.Sum256(h1[:])
	return h2[:4]
}

func bs58checkEncode(payload []byte) string {
	return b58Encode(append(append([]byte{}, payload...), checksum(payload)...))
}

func bs58checkDecode(s string) ([]byte, error) {
	if len(s) == 0 || len(s) > 64 {
		return nil, errBadDocID
	}
	b, err := b58Decode(s)
	if err != nil || len(b) < 5 {
		return nil, errBadDocID
	}
	payload, sum := b[:len(b)-4], b[len(b)-4:]
	if string(checksum(payload)) != string(sum) {
		return nil, errBadDocID
	}
	return payload, nil
}

func b58Encode(b []byte) string {
	x := new(big.Int).SetBytes(b)
	base, mod := big.NewInt(58), new(big.Int)
	var out []byte
	for x.Sign() > 0 {
		x.DivMod(x, base, mod)
		out = append(out, b58Alphabet[mod.Int64()])
	}
	for _, c := range b {
		if c != 0 {
			break
		}
		out = append(out, '1')
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return string(out)
}

func b58Decode(s string) ([]byte, error) {
	x, base := new(big.Int), big.NewInt(58)
	for _, r := range s {
		i := strings.IndexRune(b58Alphabet, r)
		if i < 0 {
			return nil, errBadDocID
		}
		x.Mul(x, base).Add(x, big.NewInt(int64(i)))
	}
	out := x.Bytes()
	zeros := 0
	for zeros < len(s) && s[zeros] == '1' {
		zeros++
	}
	return append(make([]byte, zeros), out...), nil
}
