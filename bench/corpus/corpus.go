// Package corpus generates a synthetic municipal handbook in Dutch, as a handboek site and as a
// Hugo site with the same Markdown bodies, so that build times can be compared on the same work.
// bench/gen writes one to disk; the stage benchmarks generate one in a temporary folder.
//
// The corpus is deterministic: the same size and seed give byte-identical files. It reads like a
// municipal handbook: roles (about 30%), bodies (departments, teams, boards), policy domains,
// phases, processes with RACI steps, and articles, spread over departments; every page has
// headings, paragraphs, a list, most a table, about 5% a code block, and 5 to 10 links to other
// pages, written as [[wiki links]] and relative .md links. Relations use the keys of the example
// site.toml; every reference resolves, "opdrachtgever" never forms a cycle, and every step has
// exactly one accountable party and at least one responsible party. In the Hugo copy, wiki links
// and .md links are rewritten to ordinary Markdown links to the page's URL, with the text
// handboek would show.
package corpus

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// entity is one generated page.
type entity struct {
	kind    string // rol, orgaan, domein, fase, proces, or "" for an article
	section string
	slug    string
	title   string
	summary string
	dept    int
	weight  int
	rels    []rel
	steps   []step
	body    string // with the placeholders \x00N\x00 for link N of links
	links   []link
}

type rel struct {
	key     string
	targets []*entity
}

type step struct {
	title   string
	phase   *entity
	parties [4][]*entity // responsible, accountable, consulted, informed
}

// link is one link in a body; form says how handboek's copy writes it.
type link struct {
	to   *entity
	form int // 0 [[slug]], 1 [[slug|text]], 2 [[kind/slug]], 3 [text](rel.md)
	text string
}

// Corpus is a generated handbook, held in memory until Write.
type Corpus struct {
	pages    []*entity
	sections []section
	route    []*entity
}

type section struct{ name, kind, title, intro string }

// Count returns how many pages of kind (rol, orgaan, domein, fase, proces; "" for articles)
// the corpus has.
func (c *Corpus) Count(kind string) int {
	n := 0
	for _, p := range c.pages {
		if p.kind == kind {
			n++
		}
	}
	return n
}

var departments = []string{
	"Sociaal Domein", "Ruimte en Wonen", "Publiekszaken", "Bedrijfsvoering", "Financiën",
	"Informatievoorziening", "Juridische Zaken", "Communicatie", "Openbare Ruimte",
	"Economie en Werk", "Veiligheid", "Onderwijs en Jeugd", "Cultuur en Sport", "Duurzaamheid",
}

var functions = []string{
	"Beleidsadviseur", "Teamleider", "Projectleider", "Casemanager", "Consulent", "Jurist",
	"Controller", "Communicatieadviseur", "Informatiemanager", "Programmamanager",
	"Accountmanager", "Coördinator", "Medewerker", "Specialist", "Regisseur", "Adviseur",
	"Klantmanager", "Procesbegeleider", "Opgavemanager", "Kwartiermaker",
}

var topics = []string{
	"jeugdhulp", "schuldhulpverlening", "woningbouw", "omgevingswet", "vergunningen",
	"burgerzaken", "inkoop", "subsidies", "armoedebeleid", "participatie", "mobiliteit",
	"groenbeheer", "afval", "energietransitie", "archief", "privacy", "informatiebeveiliging",
	"begroting", "arbeidsmarkt", "leerlingenvervoer", "wijkteams", "openbare-orde",
	"evenementen", "sportaccommodaties", "bibliotheek", "erfgoed", "grondzaken", "riolering",
	"klimaatadaptatie", "huisvesting-statushouders", "wmo", "inburgering", "handhaving",
	"bezwaar-en-beroep", "personeelszaken", "facilitaire-zaken", "dienstverlening",
	"data-en-analyse", "ondernemersloket", "toerisme",
}

var bodyKinds = []string{"Team", "Werkgroep", "Overleg", "Stuurgroep", "Commissie", "Platform"}

var domainNames = []string{
	"Jeugd", "Onderwijs", "Zorg en welzijn", "Werk en inkomen", "Wonen", "Ruimtelijke ordening",
	"Verkeer en vervoer", "Milieu", "Economie", "Cultuur", "Sport", "Veiligheid", "Financiën",
	"Dienstverlening", "Bestuur", "Duurzaamheid", "Gezondheid", "Armoede", "Natuur", "Erfgoed",
}

var phases = []string{"Verkenning", "Beeldvorming", "Oordeelsvorming", "Besluitvorming", "Uitvoering", "Evaluatie"}

var processVerbs = []string{
	"Aanvragen van", "Beoordelen van", "Vaststellen van", "Evalueren van", "Inkopen van",
	"Afhandelen van", "Voorbereiden van", "Verantwoorden van", "Toetsen van", "Actualiseren van",
}

var articleOpeners = []string{
	"Werken met", "Zo regel je", "Veelgestelde vragen over", "Afspraken over", "Handreiking",
	"Achtergrond bij", "Checklist", "Wegwijzer", "Spelregels voor", "Het verhaal achter",
}

// Generate makes a corpus of n content pages (n ≥ 20). The same n and seed give the same corpus.
func Generate(n int, seed uint64) *Corpus {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	c := &Corpus{sections: []section{
		{"organen", "orgaan", "Organen", "Afdelingen, teams en overleggen: wie samen een besluit voorbereidt of neemt."},
		{"rollen", "rol", "Rollen", "Alle functies en rollen in de organisatie, met hun opdrachtgever en wie ze adviseren."},
		{"beleidsterreinen", "domein", "Beleidsterreinen", "De terreinen waarop de gemeente beleid maakt en uitvoert."},
		{"fasen", "fase", "Fasen", "De fasen van besluitvorming, van verkenning tot evaluatie."},
		{"processen", "proces", "Processen", "Hoe we het werk doen: stappen, rollen en verantwoordelijkheden (RACI)."},
		{"artikelen", "", "Artikelen", "Achtergrond, handreikingen en afspraken voor iedereen die hier werkt."},
	}}
	used := map[string]int{}
	add := func(e *entity) *entity {
		used[e.slug]++
		if k := used[e.slug]; k > 1 {
			e.title = fmt.Sprintf("%s %d", e.title, k)
			e.slug = fmt.Sprintf("%s-%d", e.slug, k)
		}
		e.weight = 10 * (len(c.pages)%50 + 1)
		c.pages = append(c.pages, e)
		return e
	}

	// Phases: a fixed chain.
	var fasen []*entity
	for _, p := range phases {
		fasen = append(fasen, add(&entity{kind: "fase", section: "fasen", title: p, slug: slugify(p)}))
	}
	for i := 0; i+1 < len(fasen); i++ {
		fasen[i].rels = []rel{{"volgende_fase", []*entity{fasen[i+1]}}}
	}
	rest := n - len(fasen)
	nDomein := max(3, rest*2/100)
	nOrgaan := max(len(departments)+2, rest*8/100)
	nRol := max(3, rest*30/100)
	nProces := max(2, rest*15/100)
	nArtikel := rest - nDomein - nOrgaan - nRol - nProces

	var domeinen, organen, rollen, processen, artikelen []*entity
	for i := range nDomein {
		name := domainNames[i%len(domainNames)]
		if i >= len(domainNames) {
			name += " – " + topicTitle(topics[(i/len(domainNames)+i)%len(topics)])
		}
		domeinen = append(domeinen, add(&entity{kind: "domein", section: "beleidsterreinen", title: name, slug: slugify(name), dept: i % len(departments)}))
	}
	// Bodies: the board and council first, then one per department, then teams and groups.
	// Every body's opdrachtgever is a body made before it, so the relation has no cycle.
	for i := range nOrgaan {
		var title string
		dept := i % len(departments)
		switch {
		case i == 0:
			title = "College van B en W"
		case i == 1:
			title = "Gemeenteraad"
		case i < len(departments)+2:
			dept = i - 2
			title = "Afdeling " + departments[dept]
		default:
			title = bodyKinds[rng.IntN(len(bodyKinds))] + " " + topicTitle(topics[rng.IntN(len(topics))])
		}
		e := add(&entity{kind: "orgaan", section: "organen", title: title, slug: slugify(title), dept: dept})
		switch {
		case i == 1:
		case i >= 2 && i < len(departments)+2:
			e.rels = append(e.rels, rel{"opdrachtgever", []*entity{organen[0]}})
		case i >= len(departments)+2:
			e.rels = append(e.rels, rel{"opdrachtgever", []*entity{organen[2+dept]}})
		}
		organen = append(organen, e)
	}
	for i := range nRol {
		dept := rng.IntN(len(departments))
		title := functions[rng.IntN(len(functions))] + " " + topicTitle(topics[rng.IntN(len(topics))])
		e := add(&entity{kind: "rol", section: "rollen", title: title, slug: slugify(title), dept: dept})
		// opdrachtgever: the department, or a role made earlier (never a later one: no cycles).
		if i > 0 && rng.IntN(3) > 0 {
			e.rels = append(e.rels, rel{"opdrachtgever", []*entity{rollen[rng.IntN(i)]}})
		} else {
			e.rels = append(e.rels, rel{"opdrachtgever", []*entity{organen[2+dept]}})
		}
		parties := append(organen[:len(organen):len(organen)], rollen...)
		e.rels = append(e.rels,
			rel{"adviseert", pick(rng, parties, 1+rng.IntN(2), e)},
			rel{"lid_van", append([]*entity{organen[2+dept]}, pick(rng, organen[len(departments)+2:], rng.IntN(2), e)...)},
			rel{"beleidsterreinen", pick(rng, domeinen, 1+rng.IntN(3), e)},
		)
		rollen = append(rollen, e)
	}
	for _, o := range organen {
		o.rels = append(o.rels, rel{"adviseert", pick(rng, organen, rng.IntN(2), o)}, rel{"beleidsterreinen", pick(rng, domeinen, 1+rng.IntN(2), o)})
	}
	parties := append(append([]*entity{}, organen...), rollen...)
	for range nProces {
		title := processVerbs[rng.IntN(len(processVerbs))] + " " + strings.ToLower(topicTitle(topics[rng.IntN(len(topics))]))
		e := add(&entity{kind: "proces", section: "processen", title: title, slug: slugify(title), dept: rng.IntN(len(departments))})
		e.rels = []rel{{"beleidsterreinen", pick(rng, domeinen, 1+rng.IntN(2), nil)}}
		nSteps := 2 + rng.IntN(4)
		for s := range nSteps {
			st := step{
				title: stepTitles[(s+rng.IntN(3))%len(stepTitles)],
				phase: fasen[min(len(fasen)-1, s*len(fasen)/nSteps)],
			}
			chosen := pick(rng, parties, 2+rng.IntN(4), nil)
			st.parties[1] = chosen[:1] // exactly one accountable
			st.parties[0] = chosen[1:2]
			for _, p := range chosen[2:] {
				l := 2 + rng.IntN(2)
				st.parties[l] = append(st.parties[l], p)
			}
			e.steps = append(e.steps, st)
		}
		processen = append(processen, e)
	}
	for range nArtikel {
		title := articleOpeners[rng.IntN(len(articleOpeners))] + " " + strings.ToLower(topicTitle(topics[rng.IntN(len(topics))]))
		artikelen = append(artikelen, add(&entity{section: "artikelen", title: title, slug: slugify(title), dept: rng.IntN(len(departments))}))
	}
	c.route = artikelen[:min(5, len(artikelen))]

	for i, e := range c.pages {
		e.summary = summaryFor(rng, e)
		nLinks := 5 + rng.IntN(6)
		for range nLinks {
			to := c.pages[rng.IntN(len(c.pages))]
			if to == e {
				to = c.pages[(i+1)%len(c.pages)]
			}
			l := link{to: to}
			switch r := rng.IntN(20); {
			case r < 10:
				l.form = 0
			case r < 13:
				l.form, l.text = 1, strings.ToLower(to.title)
			case r < 15:
				l.form = 2
			default:
				l.form, l.text = 3, linkTexts[rng.IntN(len(linkTexts))]+" "+strings.ToLower(to.title)
			}
			e.links = append(e.links, l)
		}
		e.body = body(rng, e, i%20 == 7)
	}
	return c
}

var stepTitles = []string{
	"Vraag registreren", "Probleem verkennen", "Conceptvoorstel schrijven", "Afstemmen met betrokkenen",
	"Advies vragen", "Besluit nemen", "Besluit uitvoeren", "Resultaat evalueren", "Verantwoorden aan de raad",
}

var linkTexts = []string{"lees meer over", "zie", "meer informatie bij", "vergelijk", "kijk bij"}

// pick returns k distinct entities from list, never not.
func pick(rng *rand.Rand, list []*entity, k int, not *entity) []*entity {
	var out []*entity
	seen := map[*entity]bool{not: true}
	for tries := 0; len(out) < k && tries < 10*k+10; tries++ {
		e := list[rng.IntN(len(list))]
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	return out
}

func topicTitle(t string) string {
	t = strings.ReplaceAll(t, "-", " ")
	switch t {
	case "wmo":
		return "Wmo"
	}
	return strings.ToUpper(t[:1]) + t[1:]
}

// slugify makes an ASCII slug of a title.
func slugify(s string) string {
	r := strings.NewReplacer("ö", "o", "ë", "e", "é", "e", "ï", "i", "ü", "u", "–", "-")
	s = strings.ToLower(r.Replace(s))
	var b strings.Builder
	dash := false
	for _, c := range s {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

func summaryFor(rng *rand.Rand, e *entity) string {
	d := departments[e.dept]
	switch e.kind {
	case "rol":
		return fmt.Sprintf("%s bij de afdeling %s; %s.", e.title, d, summaryTails[rng.IntN(len(summaryTails))])
	case "orgaan":
		return fmt.Sprintf("%s binnen %s: wie er zitting in heeft en wat er besloten wordt.", e.title, d)
	case "domein":
		return fmt.Sprintf("Het beleidsterrein %s: doelen, afspraken en wie erover gaat.", strings.ToLower(e.title))
	case "fase":
		return fmt.Sprintf("De fase %s in de besluitvorming.", strings.ToLower(e.title))
	case "proces":
		return fmt.Sprintf("%s: stap voor stap, met wie verantwoordelijk is en wie meedenkt.", e.title)
	}
	return fmt.Sprintf("%s, voor collega's van %s en daarbuiten.", e.title, d)
}

var summaryTails = []string{
	"eerste aanspreekpunt voor collega's en inwoners",
	"bereidt besluiten voor en bewaakt de uitvoering",
	"verbindt beleid en uitvoering",
	"adviseert het bestuur gevraagd en ongevraagd",
	"zorgt dat afspraken worden nagekomen",
}

var subjects = []string{
	"Het college", "De gemeenteraad", "Elke medewerker", "Het team", "De afdeling",
	"Een beleidsadviseur", "De portefeuillehouder", "De griffie", "De opdrachtgever",
	"De projectleider", "De teamleider", "Wie een voorstel schrijft", "De concerndirectie",
	"Het bestuur", "De ambtelijk opdrachtnemer",
}

var verbs = []string{
	"stelt de kaders vast voor", "is verantwoordelijk voor", "adviseert over", "neemt een besluit over",
	"stemt vooraf af over", "houdt toezicht op", "zorgt voor", "rapporteert over", "bereidt",
	"evalueert", "legt verantwoording af over", "maakt afspraken over", "bewaakt de voortgang van",
	"vraagt tijdig advies over", "betrekt inwoners bij",
}

var objects = []string{
	"het jaarlijkse uitvoeringsprogramma", "de begroting", "het subsidiebeleid", "de aanpak van armoede",
	"de woningbouwopgave", "de dienstverlening aan inwoners", "de informatiebeveiliging",
	"het raadsvoorstel", "de inkoop van jeugdhulp", "de planning en control-cyclus", "de bezwaarprocedure",
	"de samenwerking in de regio", "het collegevoorstel", "de risico's van het project",
	"de gevolgen voor het personeel", "de communicatie met de pers", "het omgevingsplan",
	"de verwerking van persoonsgegevens", "de voortgangsrapportage", "de beantwoording van raadsvragen",
}

var tails = []string{
	"", "", " binnen de afgesproken termijn", " in nauwe samenwerking met de uitvoering",
	", zodat inwoners weten waar ze aan toe zijn", " en legt daarover verantwoording af",
	" volgens de regels van de Gemeentewet", ", ook als de planning krap is",
	" voordat het stuk naar het college gaat", " met oog voor de menselijke maat",
	", waarbij de financiële gevolgen helder in beeld zijn",
}

var connectives = []string{
	"Dat vraagt om een zorgvuldige afweging.", "In de praktijk betekent dit dat je vroeg begint.",
	"Twijfel je, vraag het dan na.", "Zo blijft de lijn kort en het besluit navolgbaar.",
	"Dat is niet altijd eenvoudig, maar wel belangrijk.", "Leg afspraken altijd schriftelijk vast.",
	"Houd er rekening mee dat de politiek het laatste woord heeft.",
}

var headings = []string{
	"Taken en verantwoordelijkheden", "Werkwijze", "Samenwerking", "Achtergrond", "Let op",
	"Veelgestelde vragen", "Wie doet wat?", "Planning en termijnen", "Wet- en regelgeving",
	"Tips uit de praktijk", "Contact en overleg",
}

var listItems = []string{
	"een heldere opdracht met doel, budget en planning", "tijdige afstemming met de portefeuillehouder",
	"een risicoparagraaf in elk voorstel", "aandacht voor de gevolgen voor inwoners",
	"het juridisch advies over bevoegdheden", "een communicatieparagraaf", "een duidelijke eigenaar per actie",
	"de financiële dekking, afgestemd met de controller", "archivering volgens de Archiefwet",
	"een evaluatiemoment na een jaar", "afspraken over wie de pers te woord staat",
}

var codeBlocks = []string{
	"```toml\n[aanvraag]\nsoort = \"subsidie\"\nbedrag = 12500\nbehandelaar = \"team-subsidies\"\ntermijn_dagen = 56\n```\n",
	"```json\n{\n  \"zaaktype\": \"melding-openbare-ruimte\",\n  \"status\": \"in behandeling\",\n  \"doorlooptijd\": 14\n}\n```\n",
	"```sql\nSELECT zaaktype, COUNT(*) AS aantal\nFROM zaken\nWHERE afgehandeld_op >= DATE '2026-01-01'\nGROUP BY zaaktype\nORDER BY aantal DESC;\n```\n",
	"```yaml\noverleg: portefeuillehoudersoverleg\nfrequentie: wekelijks\ndeelnemers:\n  - wethouder\n  - teamleider\n  - beleidsadviseur\n```\n",
}

func sentence(rng *rand.Rand) string {
	return subjects[rng.IntN(len(subjects))] + " " + verbs[rng.IntN(len(verbs))] + " " +
		objects[rng.IntN(len(objects))] + tails[rng.IntN(len(tails))] + "."
}

// body writes the Markdown body with a placeholder \x00i\x00 for link i.
func body(rng *rand.Rand, e *entity, code bool) string {
	var b strings.Builder
	next := 0
	linkHere := func() {
		if next < len(e.links) {
			fmt.Fprintf(&b, " Zie ook \x00%d\x00.", next)
			next++
		}
	}
	para := func(n int) {
		for i := range n {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(sentence(rng))
			if rng.IntN(4) == 0 {
				b.WriteByte(' ')
				b.WriteString(connectives[rng.IntN(len(connectives))])
			}
		}
		linkHere()
		b.WriteString("\n\n")
	}
	para(3 + rng.IntN(3))
	nSections := 2 + rng.IntN(3)
	h := rng.IntN(len(headings))
	for s := range nSections {
		fmt.Fprintf(&b, "## %s\n\n", headings[(h+s)%len(headings)])
		para(2 + rng.IntN(4))
		switch s {
		case 0:
			ordered := e.kind == "proces"
			for i := range 3 + rng.IntN(4) {
				if ordered {
					fmt.Fprintf(&b, "%d. ", i+1)
				} else {
					b.WriteString("- ")
				}
				item := listItems[rng.IntN(len(listItems))]
				b.WriteString(strings.ToUpper(item[:1]) + item[1:])
				if i == 1 && next < len(e.links) {
					fmt.Fprintf(&b, " (\x00%d\x00)", next)
					next++
				}
				b.WriteString(";\n")
			}
			b.WriteString("\n")
		case 1:
			if rng.IntN(10) < 7 {
				b.WriteString("| Onderwerp | Wie | Termijn |\n|---|---|---|\n")
				for range 3 + rng.IntN(3) {
					fmt.Fprintf(&b, "| %s | %s | %d werkdagen |\n", topicTitle(topics[rng.IntN(len(topics))]),
						strings.ToLower(functions[rng.IntN(len(functions))]), 5*(1+rng.IntN(8)))
				}
				b.WriteString("\n")
			}
		}
		if code && s == 1 {
			b.WriteString("Een voorbeeld van hoe dit in het zaaksysteem staat:\n\n")
			b.WriteString(codeBlocks[rng.IntN(len(codeBlocks))])
			b.WriteString("\n")
		}
		if s == nSections-1 {
			for next < len(e.links) {
				para(1 + rng.IntN(2))
			}
		}
	}
	return b.String()
}

// frontMatter writes the TOML front matter, the same for both copies.
func (e *entity) frontMatter() string {
	var b strings.Builder
	b.WriteString("+++\n")
	fmt.Fprintf(&b, "title = %q\nsummary = %q\nweight = %d\n", e.title, e.summary, e.weight)
	for _, r := range e.rels {
		if len(r.targets) == 0 {
			continue
		}
		if len(r.targets) == 1 {
			fmt.Fprintf(&b, "%s = %q\n", r.key, r.targets[0].slug)
			continue
		}
		fmt.Fprintf(&b, "%s = [%s]\n", r.key, quoteSlugs(r.targets))
	}
	for _, st := range e.steps {
		fmt.Fprintf(&b, "\n[[steps]]\ntitle = %q\nphase = %q\n", st.title, st.phase.slug)
		for i, f := range [4]string{"responsible", "accountable", "consulted", "informed"} {
			if len(st.parties[i]) > 0 {
				fmt.Fprintf(&b, "%s = [%s]\n", f, quoteSlugs(st.parties[i]))
			}
		}
	}
	if e.kind == "rol" || e.kind == "orgaan" {
		fmt.Fprintf(&b, "\n[params]\nafdeling = %q\n", departments[e.dept])
	}
	b.WriteString("+++\n\n")
	return b.String()
}

func quoteSlugs(list []*entity) string {
	var q []string
	for _, e := range list {
		q = append(q, fmt.Sprintf("%q", e.slug))
	}
	return strings.Join(q, ", ")
}

// handboekBody fills in the links as handboek reads them.
func (e *entity) handboekBody() string {
	return fill(e, func(l link) string {
		switch l.form {
		case 0:
			return "[[" + l.to.slug + "]]"
		case 1:
			return "[[" + l.to.slug + "|" + l.text + "]]"
		case 2:
			id := l.to.kind
			if id == "" {
				id = l.to.section
			}
			return "[[" + id + "/" + l.to.slug + "]]"
		}
		target := l.to.slug + ".md"
		if l.to.section != e.section {
			target = "../" + l.to.section + "/" + target
		}
		return "[" + l.text + "](" + target + ")"
	})
}

// hugoBody fills in the links as ordinary Markdown links to the target's URL, relative to the
// page's own URL (section/slug/), with the text handboek would show.
func (e *entity) hugoBody() string {
	return fill(e, func(l link) string {
		text := l.text
		if l.form == 0 || l.form == 2 {
			text = l.to.title
		}
		return "[" + text + "](../../" + l.to.section + "/" + l.to.slug + "/)"
	})
}

func fill(e *entity, f func(link) string) string {
	parts := strings.Split(e.body, "\x00")
	var b strings.Builder
	for i, p := range parts {
		if i%2 == 0 {
			b.WriteString(p)
			continue
		}
		var n int
		fmt.Sscanf(p, "%d", &n)
		b.WriteString(f(e.links[n]))
	}
	return b.String()
}

// Len returns the number of content pages (without the home and section pages).
func (c *Corpus) Len() int { return len(c.pages) }

// Write writes the corpus into out/handboek (site.toml, content/) and out/hugo (hugo.toml,
// content/, layouts/), creating folders as needed and overwriting files of the same name. It
// does not empty the folders first.
func (c *Corpus) Write(out string) error {
	hb := filepath.Join(out, "handboek")
	hu := filepath.Join(out, "hugo")
	files := map[string]string{}
	var order []string
	put := func(name, text string) {
		if _, ok := files[name]; !ok {
			order = append(order, name)
		}
		files[name] = text
	}
	put(filepath.Join(hb, "site.toml"), c.siteTOML())
	put(filepath.Join(hu, "hugo.toml"), hugoConfig)
	for name, text := range hugoLayouts {
		put(filepath.Join(hu, "layouts", filepath.FromSlash(name)), text)
	}
	home := "+++\ntitle = \"Handboek Gemeente Bench\"\n+++\n\nWelkom in het handboek. Hier lees je hoe de gemeente werkt: wie waarover gaat, hoe besluiten tot stand komen en waar je terechtkunt met vragen.\n"
	put(filepath.Join(hb, "content", "_index.md"), home)
	put(filepath.Join(hu, "content", "_index.md"), home)
	for _, s := range c.sections {
		idx := fmt.Sprintf("+++\ntitle = %q\n+++\n\n%s\n", s.title, s.intro)
		put(filepath.Join(hb, "content", s.name, "_index.md"), idx)
		put(filepath.Join(hu, "content", s.name, "_index.md"), idx)
	}
	for _, e := range c.pages {
		fm := e.frontMatter()
		put(filepath.Join(hb, "content", e.section, e.slug+".md"), fm+e.handboekBody())
		put(filepath.Join(hu, "content", e.section, e.slug+".md"), fm+e.hugoBody())
	}
	for _, name := range order {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(name, []byte(files[name]), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func (c *Corpus) siteTOML() string {
	var b bytes.Buffer
	b.WriteString(siteTOML)
	b.WriteString("\n[[routes]]\nname = \"Eerste week\"\npages = [\n")
	for _, e := range c.route {
		fmt.Fprintf(&b, "  %q,\n", e.section+"/"+e.slug)
	}
	b.WriteString("]\n")
	return b.String()
}

// siteTOML has the kinds and relations of the example handbook's site.toml.
const siteTOML = `# Gegenereerd door bench/gen: een synthetisch handboek om de bouwtijd te meten.
title = "Handboek Gemeente Bench"
language = "nl"
base_url = "https://intranet.voorbeeld.nl/handboek/"

[kinds.rol]
section = "rollen"
label = "Rol"
plural = "Rollen"

[kinds.orgaan]
section = "organen"
label = "Orgaan"
plural = "Organen"

[kinds.domein]
section = "beleidsterreinen"
label = "Beleidsterrein"
plural = "Beleidsterreinen"

[kinds.fase]
section = "fasen"
label = "Fase"
plural = "Fasen"

[kinds.proces]
section = "processen"
label = "Proces"
plural = "Processen"

[[relations]]
key = "opdrachtgever"
from = ["rol", "orgaan"]
to = ["rol", "orgaan"]
label = "Ambtelijk opdrachtgever"
inverse = "Opdrachtgever van"
acyclic = true

[[relations]]
key = "adviseert"
from = ["rol", "orgaan"]
to = ["rol", "orgaan"]
label = "Adviseert"
inverse = "Krijgt advies van"

[[relations]]
key = "lid_van"
from = ["rol"]
to = ["orgaan"]
label = "Lid van"
inverse = "Leden"

[[relations]]
key = "beleidsterreinen"
from = ["rol", "orgaan", "proces"]
to = ["domein"]
label = "Beleidsterreinen"
inverse = "Betrokken"

[[relations]]
key = "volgende_fase"
from = ["fase"]
to = ["fase"]
label = "Volgende fase"
inverse = "Vorige fase"
acyclic = true

[steps]
phase_kind = "fase"
party_kinds = ["rol", "orgaan"]

[rolemap]
kinds = ["rol", "orgaan"]
relations = ["opdrachtgever", "adviseert", "lid_van"]
`

const hugoConfig = `baseURL = "https://intranet.voorbeeld.nl/handboek/"
languageCode = "nl"
title = "Handboek Gemeente Bench"
disableKinds = ["taxonomy", "term", "RSS"]
`

// hugoLayouts are minimal: a base with the section navigation, a page with its content, a list
// with its pages.
var hugoLayouts = map[string]string{
	"_default/baseof.html": `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>{{ .Title }} – {{ site.Title }}</title></head>
<body><nav><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>{{ range site.Sections }} <a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main></body></html>
`,
	"_default/single.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
<p>{{ .Params.summary }}</p>
{{ .Content }}{{ end }}
`,
	"_default/list.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
`,
}
