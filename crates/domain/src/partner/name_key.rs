//! Folding names for comparison: the key two spellings of one organisation share.

/// Legal-form endings dropped from a name's key, as words after punctuation became spaces
/// ("a. s." and "a.s." are both `a s`; a bare "as" is a word and stays).
const LEGAL_FORMS: &[&[&str]] = &[
    &["s", "r", "o"],
    &["sro"],
    &["spol"],
    &["a", "s"],
    &["k", "s"],
    &["v", "o", "s"],
    &["z", "s"],
    &["o", "p", "s"],
    &["z", "u"],
    &["ltd"],
    &["gmbh"],
    &["inc"],
    &["llc"],
    &["plc"],
];

/// The plain Latin letters of a lower-case letter with a diacritic (Czech, Slovak, Polish,
/// German and the other Latin-1 and Latin Extended-A letters people type); `None` for
/// anything else.
fn plain(c: char) -> Option<&'static str> {
    Some(match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'č' | 'ć' | 'ĉ' | 'ċ' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'é' | 'è' | 'ê' | 'ë' | 'ě' | 'ē' | 'ĕ' | 'ė' | 'ę' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'í' | 'ì' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ſ' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' => "t",
        'þ' => "th",
        'ú' | 'ù' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// `text` in lower case with diacritics folded to plain letters ("Úřad" → "urad");
/// combining marks (a decomposed "é") are dropped, everything else is kept.
pub(super) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue;
        }
        match plain(c) {
            Some(p) => out.push_str(p),
            None => out.push(c),
        }
    }
    out
}

/// The key two spellings of one organisation's name share, for flagging duplicates before
/// saving: lower case, diacritics folded, punctuation turned into spaces, legal-form endings
/// (`s.r.o.`, `spol. s r.o.`, `a.s.`, `v.o.s.`, `z.s.`, `o.p.s.`, `z.ú.`, `k.s.`, `Ltd`,
/// `GmbH`, `Inc`, `LLC`, `PLC`) dropped from the end, spaces collapsed. "Vítkovice a.s." and
/// "VITKOVICE, a. s." share `vitkovice`. A name that is nothing but a legal form keeps it.
pub fn name_key(name: &str) -> String {
    let folded: String = fold(name)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let mut words: Vec<&str> = folded.split_whitespace().collect();
    while let Some(form) = LEGAL_FORMS
        .iter()
        .find(|form| words.len() > form.len() && words.ends_with(form))
    {
        words.truncate(words.len() - form.len());
    }
    words.join(" ")
}
