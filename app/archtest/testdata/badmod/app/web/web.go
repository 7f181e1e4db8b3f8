// Package web is only imported.
package web
