package meeting

import _ "gorm.io/gorm"

type store struct{}
