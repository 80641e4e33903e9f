//go:build unix

// Package cputime reads the CPU time the process has used, for timings
// reported next to wall time on a shared machine.
package cputime

import (
	"syscall"
	"time"
)

// Process returns the CPU time (user and system) this process has used.
func Process() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
