package meeting

import _ "gorm.io/gorm"
