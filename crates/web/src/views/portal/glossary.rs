//! The portal's glossary (`/my/glossary`) and the links to it from item text: the words of
//! Czech paperwork in plain English. Facts from the domain fact sheet (§0 Glossary, §2.1, §3,
//! §4, §6); nothing here is a rule the app computes with.

use std::fmt;

/// One term.
pub struct Term {
    /// Anchor on the glossary page.
    pub id: &'static str,
    /// The term as a heading.
    pub name: &'static str,
    /// What an abbreviation stands for (shown as its `<abbr title>`); empty for words.
    pub expansion: &'static str,
    /// The definition.
    pub definition: &'static str,
    /// Spellings linked where they appear in item text, longest first.
    pub spellings: &'static [&'static str],
}

/// Every term, in the order the glossary lists them.
pub const TERMS: &[Term] = &[
    Term {
        id: "oamp",
        name: "OAMP",
        expansion: "Department for Asylum and Migration Policy of the Ministry of the Interior",
        definition: "Odbor azylové a migrační politiky MV ČR: the Ministry of the Interior's department that decides on long-term visa extensions, long-term and permanent residence, employee, Blue and ICT cards and EU registration certificates. It runs the regional \"MoI offices\"; in Ostrava at Výstavní 55, Ostrava-Vítkovice, by appointment. It is not the police.",
        spellings: &["OAMP"],
    },
    Term {
        id: "moi",
        name: "MoI",
        expansion: "Ministry of the Interior",
        definition: "The Ministry of the Interior (Ministerstvo vnitra). An \"MoI office\" is one of its OAMP offices, where residence permits are applied for, extended and collected.",
        spellings: &["Ministry of the Interior", "MoI"],
    },
    Term {
        id: "dvr",
        name: "D/VR visa",
        expansion: "visa for collecting a residence permit",
        definition: "Vízum za účelem převzetí povolení k pobytu: a visa an embassy grants only so that you can enter and collect a residence permit (card) that has already been approved. Within 3 working days of arriving you report to the OAMP office the embassy named.",
        spellings: &["D/VR"],
    },
    Term {
        id: "data-box",
        name: "Data box",
        expansion: "",
        definition: "Datová schránka: the Czech state's electronic mailbox for official messages. Some reports, such as a change of address, can be sent to the MoI through a data box instead of in person.",
        spellings: &["data box"],
    },
    Term {
        id: "apostille",
        name: "Apostille",
        expansion: "",
        definition: "A certificate that makes a foreign public document (a birth or marriage certificate, a criminal-record extract) count in the Czech Republic, for countries of the Hague Convention; documents from other countries need superlegalisation instead, unless a treaty exempts them. Public documents of EU countries are accepted without it. Documents usually also need an official Czech translation.",
        spellings: &["apostilled", "apostille", "legalised"],
    },
    Term {
        id: "cpic",
        name: "CPIC",
        expansion: "Centre for Support of Integration of Foreigners",
        definition: "Centrum na podporu integrace cizinců: the state's integration support centre, one per region. It runs the compulsory adaptation-integration course and offers free advice and Czech courses.",
        spellings: &["CPIC"],
    },
    Term {
        id: "insurers",
        name: "Health insurers",
        expansion: "",
        definition: "There are seven public health insurers: 111 VZP ČR, 201 VoZP, 205 ČPZP, 207 OZP, 209 ZPŠ, 211 ZPMV ČR and 213 RBP. Employees of a Czech employer are insured from their first day of work, and you may switch insurer once in 12 months. People outside the public system need comprehensive health insurance for foreigners, which any insurer authorised in the Czech Republic may sell since 20 September 2023.",
        spellings: &["VZP", "insurer"],
    },
    Term {
        id: "trade-office",
        name: "Trade Licensing Office",
        expansion: "",
        definition: "Živnostenský úřad: where you notify a trade (get a trade licence) on the single registration form, which it can pass on to social security, your health insurer and the tax office. Any trade licensing office in the country will do; Ostrava's is at the New Town Hall, Prokešovo náměstí 8.",
        spellings: &["Trade Licensing Office", "trade licensing office"],
    },
];

/// Text with glossary terms linked: escaped here, so it is printed with `|safe`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Linked(String);

impl Linked {
    /// Whether there is no text.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Linked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `text`, HTML-escaped, with the first appearance of each term linked to its glossary entry
/// (abbreviations in an `<abbr>` saying what they stand for). A term counts only where it
/// starts a word.
///
/// Item texts come from the templates, so the same few hundred texts recur on every portal
/// page: the answers are kept (up to [`REMEMBERED`] texts, then forgotten all at once), which
/// took the portal page from 2.33 M to 1.18 M instructions (docs/performance.md).
pub fn link_terms(text: &str) -> Linked {
    let remembered = LINKED.lock().ok().and_then(|m| m.get(text).cloned());
    if let Some(linked) = remembered {
        return Linked(linked);
    }
    let linked = link(text);
    if let Ok(mut memo) = LINKED.lock() {
        if memo.len() >= REMEMBERED {
            memo.clear();
        }
        memo.insert(text.to_owned(), linked.0.clone());
    }
    linked
}

/// How many texts [`link_terms`] keeps its answer for.
const REMEMBERED: usize = 4096;

/// Texts already linked, and their answer.
static LINKED: std::sync::LazyLock<std::sync::Mutex<std::collections::HashMap<String, String>>> =
    std::sync::LazyLock::new(Default::default);

fn link(text: &str) -> Linked {
    let mut found: Vec<(usize, &str, &Term)> = TERMS
        .iter()
        .filter_map(|term| first_match(text, term).map(|(at, s)| (at, s, term)))
        .collect();
    found.sort_by_key(|(at, ..)| *at);
    let mut out = String::with_capacity(text.len() + 64);
    let mut done = 0;
    for (at, spelling, term) in found {
        if at < done {
            continue;
        }
        escape_into(&mut out, &text[done..at]);
        let word = &text[at..at + spelling.len()];
        out.push_str("<a class=\"term\" href=\"/my/glossary#");
        out.push_str(term.id);
        out.push_str("\">");
        if term.expansion.is_empty() || word == term.expansion {
            escape_into(&mut out, word);
        } else {
            out.push_str("<abbr title=\"");
            escape_into(&mut out, term.expansion);
            out.push_str("\">");
            escape_into(&mut out, word);
            out.push_str("</abbr>");
        }
        out.push_str("</a>");
        done = at + spelling.len();
    }
    escape_into(&mut out, &text[done..]);
    Linked(out)
}

fn first_match<'a>(text: &str, term: &'a Term) -> Option<(usize, &'a str)> {
    term.spellings
        .iter()
        .filter_map(|s| {
            text.match_indices(s)
                .find(|(at, _)| {
                    !text[..*at]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric)
                })
                .map(|(at, _)| (at, *s))
        })
        .min_by_key(|(at, _)| *at)
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::link_terms;

    #[test]
    fn terms_are_linked_once_and_the_rest_is_escaped() {
        let html = link_terms("MoI (OAMP) office <b>Ostrava</b> & the OAMP again").to_string();
        assert_eq!(
            html,
            "<a class=\"term\" href=\"/my/glossary#moi\"><abbr title=\"Ministry of the Interior\">MoI</abbr></a> \
             (<a class=\"term\" href=\"/my/glossary#oamp\"><abbr title=\"Department for Asylum and Migration Policy of the Ministry of the Interior\">OAMP</abbr></a>) \
             office &lt;b&gt;Ostrava&lt;/b&gt; &amp; the OAMP again"
        );
    }

    #[test]
    fn a_term_inside_a_word_is_not_linked() {
        assert_eq!(link_terms("PVZP policy").to_string(), "PVZP policy");
        assert!(
            link_terms("your insurer's branch")
                .to_string()
                .contains("#insurers")
        );
    }
}
