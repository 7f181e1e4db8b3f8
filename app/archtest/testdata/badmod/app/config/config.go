// Package config is only imported.
package config
