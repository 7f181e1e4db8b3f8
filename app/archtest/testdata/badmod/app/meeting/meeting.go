// Package meeting imports GORM outside a store file (and inside one, which
// is allowed).
package meeting

import _ "gorm.io/gorm"
