package dataset

// decodeGazetteer is filled in when the gazetteer lands.
func (d *Dataset) decodeGazetteer(fail func(error) bool) {}
