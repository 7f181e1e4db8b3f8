// Package notify breaks three rules: it imports web, the configuration, and
// a domain package its row in domainMayImport does not list.
package notify

import (
	_ "liaison/app/config"
	_ "liaison/app/meeting"
	_ "liaison/app/web"
)
