package arr

import (
	"encoding/json"
	"errors"
)

// ErrNotFetched: an update needs the object as the service sent it.
var ErrNotFetched = errors.New("the object was not fetched from the service: get it first, then update it")

// Patch returns the JSON object raw with the members in set replaced (or
// added) and those in drop removed; every other member, including fields no
// Go type here models, is kept byte for byte.
func Patch(raw json.RawMessage, set map[string]any, drop ...string) (json.RawMessage, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil || obj == nil {
		return nil, errors.New("patch: not a JSON object")
	}
	for k, v := range set {
		b, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		obj[k] = b
	}
	for _, k := range drop {
		delete(obj, k)
	}
	return json.Marshal(obj)
}

// Raw keeps the JSON an object was decoded from. Embed it in a type and call
// keep from its UnmarshalJSON.
type Raw struct{ raw json.RawMessage }

// RawJSON is the object as the service sent it, or nil if it was built here.
func (r Raw) RawJSON() json.RawMessage { return r.raw }

// Keep stores a copy of b.
func (r *Raw) Keep(b []byte) { r.raw = append(json.RawMessage(nil), b...) }
