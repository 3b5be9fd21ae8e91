package rendezvous_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/rendezvous-oss/rendezvous"
)

func TestAppendJSONTime(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	times := []time.Time{
		{},
		time.Date(2026, 12, 6, 9, 30, 0, 0, time.UTC),
		time.Date(2026, 12, 6, 9, 30, 0, 120, paris),
		time.Date(1850, 1, 1, 0, 0, 0, 0, paris), // local mean time: +00:09:21
		time.Date(2026, 7, 1, 23, 59, 59, 999999999, time.FixedZone("", -(9*3600+30*60))),
		time.Date(2026, 7, 1, 0, 0, 0, 0, time.FixedZone("", 24*3600)),
		time.Date(2026, 7, 1, 0, 0, 0, 0, time.FixedZone("", 23*3600+59*60)),
		time.Date(2026, 7, 1, 0, 0, 0, 0, time.FixedZone("", 5)),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Now(), // with a monotonic reading
	}
	for _, tm := range times {
		want, wantErr := tm.MarshalJSON()
		got, err := rendezvous.AppendJSONTime([]byte("x"), tm)
		if (err != nil) != (wantErr != nil) {
			t.Errorf("%v: error %v, MarshalJSON's %v", tm, err, wantErr)
			continue
		}
		if err != nil {
			if string(got) != "x" {
				t.Errorf("%v: failed and left %q", tm, got)
			}
			continue
		}
		if !bytes.Equal(got, append([]byte("x"), want...)) {
			t.Errorf("%v: %s, MarshalJSON writes %s", tm, got, want)
		}
	}
}

func FuzzAppendJSONTime(f *testing.F) {
	f.Add(int64(1765000000), int64(0), 3600)
	f.Add(int64(-62167219200), int64(1), 0)
	f.Add(int64(253402300800), int64(999999999), -86399)
	f.Fuzz(func(t *testing.T, sec, nsec int64, offset int) {
		tm := time.Unix(sec, nsec).In(time.FixedZone("", offset%(48*3600)))
		want, wantErr := tm.MarshalJSON()
		got, err := rendezvous.AppendJSONTime(nil, tm)
		if (err != nil) != (wantErr != nil) || (err == nil && !bytes.Equal(got, want)) {
			t.Fatalf("%v: %s (%v), MarshalJSON: %s (%v)", tm, got, err, want, wantErr)
		}
	})
}
