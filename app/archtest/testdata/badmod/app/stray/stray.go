// Package stray has no layer in the table.
package stray
