package generator

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"handboek/generator/config"
	"handboek/generator/diag"
)

// NewPage returns the path (relative to the source folder) and text of a new page of kind with
// slug. kind is a kind from site.toml, or the name of a folder under content/ for a page without
// a kind. The front matter lists every relation field the kind may carry, commented out, so an
// editor sees what can be filled in.
func NewPage(cfg *config.Config, source, kind, slugArg string) (rel, text string, err error) {
	s := strings.TrimSuffix(strings.TrimSpace(slugArg), ".md")
	if s == "" || strings.ContainsAny(s, `/\`) || strings.HasPrefix(s, ".") || strings.HasPrefix(s, "_") {
		return "", "", fmt.Errorf("%q cannot be a page name: use letters, digits and hyphens, like \"teamleider-jeugd\"", slugArg)
	}
	title := strings.ToUpper(s[:1]) + strings.ReplaceAll(s[1:], "-", " ")
	if s[0] >= 0x80 {
		title = strings.ReplaceAll(s, "-", " ")
	}

	k := cfg.Kinds[kind]
	var b strings.Builder
	b.WriteString("+++\n")
	fmt.Fprintf(&b, "title = %q\n", title)
	b.WriteString("summary = \"\"                # one sentence: what this page is about\n")
	b.WriteString("# aliases = []               # other names that link here and are found by search\n")
	b.WriteString("# weight = 10                # order within the section\n")
	if k == nil {
		st, err := os.Stat(filepath.Join(source, "content", kind))
		if err != nil || !st.IsDir() {
			var names []string
			names = append(names, cfg.KindNames...)
			return "", "", fmt.Errorf("unknown kind %q%s", kind, hint(kind, names))
		}
		b.WriteString("+++\n\n" + bodyHint(cfg.Language))
		return "content/" + kind + "/" + s + ".md", b.String(), nil
	}
	dir := k.Section
	if dir == "" {
		dir = k.Name
		fmt.Fprintf(&b, "kind = %q\n", k.Name)
	}
	for _, r := range cfg.Relations {
		if !slices.Contains(r.From, k.Name) {
			continue
		}
		fmt.Fprintf(&b, "# %s = []%s# %s: %s\n", r.Key, strings.Repeat(" ", max(1, 22-len(r.Key))), r.Label, strings.Join(r.To, " or "))
	}
	if cfg.Steps.PhaseKind != "" && k.Name != cfg.Steps.PhaseKind && !slices.Contains(cfg.Steps.PartyKinds, k.Name) {
		b.WriteString("\n# [[steps]]                 # one table per step of the process\n")
		b.WriteString("# title = \"\"\n")
		fmt.Fprintf(&b, "# phase = \"\"                # a %s\n", cfg.Steps.PhaseKind)
		parties := strings.Join(cfg.Steps.PartyKinds, " or ")
		if parties == "" {
			parties = "any page"
		}
		fmt.Fprintf(&b, "# responsible = []          # %s: who does the work\n", parties)
		b.WriteString("# accountable = []          # exactly one: who decides\n")
		b.WriteString("# consulted = []\n# informed = []\n")
	}
	b.WriteString("+++\n\n" + bodyHint(cfg.Language))
	return "content/" + dir + "/" + s + ".md", b.String(), nil
}

// bodyHint is the placeholder text of a new page.
func bodyHint(language string) string {
	if language == "en" {
		return "Write the page here, in Markdown. Link to another page by writing its name between double square brackets.\n"
	}
	return "Schrijf hier de tekst van de pagina, in Markdown. Verwijs naar een andere pagina door haar naam tussen dubbele blokhaken te zetten.\n"
}

func hint(name string, names []string) string {
	if h := diag.DidYouMean(name, names); h != "" {
		return h
	}
	if len(names) == 0 {
		return " (site.toml defines no kinds; name a folder under content/ instead)"
	}
	return " (kinds: " + strings.Join(names, ", ") + ")"
}
