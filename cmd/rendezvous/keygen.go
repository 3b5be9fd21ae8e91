package main

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
)

// keygen prints a new secret key: 32 random bytes in base64, for
// RENDEZVOUS_SECRET_KEY.
func (a *app) keygen(args []string) error {
	if err := parseFlags(a.newFlags("keygen"), args); err != nil {
		return err
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return fmt.Errorf("keygen: %w", err)
	}
	fmt.Fprintln(a.stdout, base64.StdEncoding.EncodeToString(key))
	return nil
}
