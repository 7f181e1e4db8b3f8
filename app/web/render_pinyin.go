package web

import (
	"strings"
	"sync"
	"unicode"

	"github.com/mozillazg/go-pinyin"
)

// pinyinArgs asks for the first letter of each character's usual reading:
// pickers match "wf" to 王芳 and "qrsj" to 区人社局, as a Chinese office
// types on a Latin keyboard.
var pinyinArgs = func() pinyin.Args {
	a := pinyin.NewArgs()
	a.Style = pinyin.FirstLetter
	return a
}()

// initials returns the pinyin initials of s, lower case; Latin letters and
// digits are kept as they are, everything else is dropped. Searchable
// pickers carry it in a data attribute so the browser needs no dictionary.
func initials(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			if c := initialOf(r); c != 0 {
				b.WriteByte(c)
			}
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// initialCache keeps each character's initial: the library runs regular
// expressions for every character (40 µs for a unit and a name), and a
// meeting form names a district's two thousand people. Bounded by the
// number of Han characters.
var initialCache sync.Map // rune → byte (0: none)

func initialOf(r rune) byte {
	if v, ok := initialCache.Load(r); ok {
		return v.(byte)
	}
	var c byte
	if p := pinyin.SinglePinyin(r, pinyinArgs); len(p) > 0 && p[0] != "" && p[0][0] >= 'a' && p[0][0] <= 'z' {
		c = p[0][0]
	}
	initialCache.Store(r, c)
	return c
}
