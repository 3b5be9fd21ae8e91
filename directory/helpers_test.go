package directory_test

import (
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/directory"
)

func rendezvousFilter() rendezvous.ProviderFilter { return rendezvous.ProviderFilter{Limit: 100} }

// cmpIgnoreLine compares rows whatever their line numbers.
func cmpIgnoreLine() cmp.Option { return cmpopts.IgnoreFields(directory.Row{}, "Line") }
