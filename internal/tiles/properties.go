package tiles

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
)

// listSeparator joins list properties, which MVT values cannot hold.
const listSeparator = "; "

// tileProperties converts GeoJSON properties to values MVT can carry:
// strings, numbers and booleans as they are, lists of those joined with
// "; ", and nothing else (nested objects, lists holding them, nulls),
// since a map style can filter and label only on flat values.
func tileProperties(p map[string]any) map[string]any {
	out := make(map[string]any, len(p))
	for k, v := range p {
		if tv, ok := tileValue(v); ok {
			out[k] = tv
		}
	}
	return out
}

func tileValue(v any) (any, bool) {
	switch v := v.(type) {
	case nil:
		return nil, false
	case string, bool, float64, float32, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return v, true
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return i, true
		}
		if f, err := v.Float64(); err == nil {
			return f, true
		}
		return v.String(), true
	}
	rv := reflect.ValueOf(v)
	if k := rv.Kind(); k != reflect.Slice && k != reflect.Array {
		return nil, false
	}
	parts := make([]string, 0, rv.Len())
	for i := range rv.Len() {
		s, ok := scalarString(rv.Index(i).Interface())
		if !ok {
			return nil, false
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, listSeparator), true
}

// scalarString formats a list element, reporting false for anything but
// a string, number or boolean.
func scalarString(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case bool:
		return strconv.FormatBool(v), true
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), true
	case float32:
		return strconv.FormatFloat(float64(v), 'f', -1, 32), true
	case json.Number:
		return v.String(), true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(rv.Int(), 10), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(rv.Uint(), 10), true
	}
	return "", false
}

// TileJSON field types, as tippecanoe writes them.
const (
	FieldString  = "String"
	FieldNumber  = "Number"
	FieldBoolean = "Boolean"
	FieldMixed   = "Mixed"
)

// mergeFieldType combines the type seen so far for a field (empty for
// none) with the type of value v, as converted by tileValue.
func mergeFieldType(seen string, v any) string {
	var t string
	switch v.(type) {
	case string:
		t = FieldString
	case bool:
		t = FieldBoolean
	default:
		t = FieldNumber
	}
	if seen == "" || seen == t {
		return t
	}
	return FieldMixed
}
