// Package db imports an upper layer.
package db

import _ "liaison/app/web"
