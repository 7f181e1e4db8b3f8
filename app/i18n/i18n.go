// Package i18n translates UI text and error codes. Messages live in
// locales/<area>.<lang>.toml, one file per area and language, embedded in
// the binary; Simplified Chinese is the default, English selectable.
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed locales/*.toml
var files embed.FS

// The supported languages; the first is the default.
const (
	ZH = "zh-CN"
	EN = "en"
)

// Langs lists the supported languages.
var Langs = []string{ZH, EN}

// Translator looks up messages; it is safe for concurrent use.
type Translator struct {
	bundle *goi18n.Bundle
	loc    map[string]*goi18n.Localizer
	ids    map[string]map[string]bool // lang → message ids
}

// New loads every embedded message file.
func New() (*Translator, error) {
	b := goi18n.NewBundle(language.SimplifiedChinese)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	t := &Translator{bundle: b, loc: map[string]*goi18n.Localizer{}, ids: map[string]map[string]bool{}}
	err := fs.WalkDir(files, "locales", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := files.ReadFile(path)
		if err != nil {
			return err
		}
		mf, err := b.ParseMessageFileBytes(data, path)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		lang := langOf(mf.Tag)
		if t.ids[lang] == nil {
			t.ids[lang] = map[string]bool{}
		}
		for _, m := range mf.Messages {
			if t.ids[lang][m.ID] {
				return fmt.Errorf("%s: message %q defined twice", path, m.ID)
			}
			t.ids[lang][m.ID] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, l := range Langs {
		t.loc[l] = goi18n.NewLocalizer(b, l)
	}
	return t, nil
}

func langOf(tag language.Tag) string {
	if base, _ := tag.Base(); base.String() == "en" {
		return EN
	}
	return ZH
}

// T returns message id in lang with args filled in; a missing message
// returns the id itself, which tests catch.
func (t *Translator) T(lang, id string, args map[string]any) string {
	l, ok := t.loc[lang]
	if !ok {
		l = t.loc[ZH]
	}
	s, err := l.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: args})
	if err != nil {
		return id
	}
	return s
}

// Has reports whether lang defines id.
func (t *Translator) Has(lang, id string) bool { return t.ids[lang][id] }

// IDs returns the sorted message ids of lang.
func (t *Translator) IDs(lang string) []string {
	out := make([]string, 0, len(t.ids[lang]))
	for id := range t.ids[lang] {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// Match picks the language from an explicit choice (cookie or ?lang=) or
// else the Accept-Language header; Chinese unless English is preferred.
func Match(choice, accept string) string {
	switch strings.ToLower(choice) {
	case "en", "en-us", "en-gb":
		return EN
	case "zh", "zh-cn", "zh-hans":
		return ZH
	}
	tags, _, err := language.ParseAcceptLanguage(accept)
	if err != nil || len(tags) == 0 {
		return ZH
	}
	if base, _ := tags[0].Base(); base.String() == "en" {
		return EN
	}
	return ZH
}
