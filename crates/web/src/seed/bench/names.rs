//! Names for generated people: nationalities with first names and surnames (male and female
//! forms where the language has them), and Czech names for consultants.

/// A nationality and the names people of it commonly have.
pub(crate) struct Nation {
    /// As a consultant writes it.
    pub nationality: &'static str,
    /// Two letters passport numbers start with.
    pub passport_prefix: &'static str,
    /// Male first names.
    pub male: &'static [&'static str],
    /// Female first names.
    pub female: &'static [&'static str],
    /// Surnames as (male form, female form).
    pub surnames: &'static [(&'static str, &'static str)],
}

impl Nation {
    /// The surname for a man or a woman.
    pub(crate) fn surname(&self, index: usize, male: bool) -> &'static str {
        let (m, f) = self.surnames[index % self.surnames.len()];
        if male { m } else { f }
    }
}

macro_rules! same {
    ($($s:literal),* $(,)?) => { &[$(($s, $s)),*] };
}

// Declared after `same!` so that the data can use it.
mod europe;

pub(crate) use europe::{CZECH, EU};

/// Citizens of countries outside the EU (employee card, Blue Card, study, business, family).
pub(crate) const THIRD_COUNTRY: &[Nation] = &[
    Nation {
        nationality: "Indian",
        passport_prefix: "Z",
        male: &["Aarav", "Rohan", "Vikram", "Arjun", "Karthik", "Siddharth"],
        female: &["Priya", "Ananya", "Kavya", "Meera", "Divya", "Shreya"],
        surnames: same![
            "Sharma", "Patel", "Iyer", "Reddy", "Nair", "Gupta", "Menon", "Rao"
        ],
    },
    Nation {
        nationality: "Ukrainian",
        passport_prefix: "FT",
        male: &["Oleksandr", "Andrii", "Dmytro", "Serhii", "Taras", "Bohdan"],
        female: &["Olena", "Iryna", "Kateryna", "Yuliia", "Oksana", "Nataliia"],
        surnames: same![
            "Shevchenko",
            "Kovalenko",
            "Bondarenko",
            "Tkachenko",
            "Melnyk",
            "Moroz"
        ],
    },
    Nation {
        nationality: "Vietnamese",
        passport_prefix: "C",
        male: &["Minh", "Duc", "Tuan", "Hung", "Quang", "Long"],
        female: &["Linh", "Thu", "Huong", "Mai", "Lan", "Trang"],
        surnames: same!["Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui"],
    },
    Nation {
        nationality: "Filipino",
        passport_prefix: "P",
        male: &["Jose", "Mark", "Carlo", "Paolo", "Miguel", "Ramon"],
        female: &["Maria", "Angelica", "Kristine", "Jasmine", "Rowena", "Liza"],
        surnames: same![
            "Santos",
            "Reyes",
            "Cruz",
            "Bautista",
            "Mendoza",
            "Villanueva",
            "Ramos"
        ],
    },
    Nation {
        nationality: "Mongolian",
        passport_prefix: "E",
        male: &["Bat-Erdene", "Temuulen", "Ganbold", "Bilguun", "Tsolmon"],
        female: &["Oyunchimeg", "Nomin", "Saraa", "Enkhjin", "Anujin"],
        surnames: same![
            "Batbayar",
            "Ganzorig",
            "Tsogt",
            "Enkhbold",
            "Otgonbayar",
            "Purev"
        ],
    },
    Nation {
        nationality: "Brazilian",
        passport_prefix: "FV",
        male: &["Lucas", "Gabriel", "Rafael", "Thiago", "Mateus", "Bruno"],
        female: &["Ana", "Beatriz", "Juliana", "Camila", "Larissa", "Fernanda"],
        surnames: same![
            "Silva", "Santos", "Oliveira", "Souza", "Costa", "Pereira", "Almeida"
        ],
    },
    Nation {
        nationality: "Turkish",
        passport_prefix: "U",
        male: &["Emre", "Burak", "Mehmet", "Can", "Mert", "Okan"],
        female: &["Elif", "Zeynep", "Ayşe", "Selin", "Derya", "Ebru"],
        surnames: same![
            "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın"
        ],
    },
    Nation {
        nationality: "Nigerian",
        passport_prefix: "A",
        male: &["Chinedu", "Oluwaseun", "Emeka", "Tunde", "Ikenna", "Segun"],
        female: &[
            "Ngozi",
            "Adaeze",
            "Funmilayo",
            "Chiamaka",
            "Yetunde",
            "Amaka",
        ],
        surnames: same![
            "Okafor", "Adeyemi", "Eze", "Okonkwo", "Balogun", "Nwosu", "Obi"
        ],
    },
    Nation {
        nationality: "American",
        passport_prefix: "5",
        male: &["Michael", "David", "James", "Daniel", "Ryan", "Kevin"],
        female: &["Emily", "Sarah", "Jessica", "Ashley", "Megan", "Rachel"],
        surnames: same![
            "Johnson", "Miller", "Davis", "Anderson", "Thompson", "Wilson"
        ],
    },
    Nation {
        nationality: "South Korean",
        passport_prefix: "M",
        male: &["Min-jun", "Hyun-woo", "Ji-hoon", "Dong-hyun", "Seung-ho"],
        female: &["Ji-woo", "Seo-yeon", "Soo-ah", "Ye-jin", "Hye-won"],
        surnames: same!["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Yoon"],
    },
    Nation {
        nationality: "Serbian",
        passport_prefix: "0",
        male: &["Nikola", "Marko", "Stefan", "Luka", "Miloš", "Dušan"],
        female: &["Jelena", "Milica", "Ivana", "Jovana", "Marija", "Tamara"],
        surnames: same![
            "Jovanović",
            "Petrović",
            "Nikolić",
            "Marković",
            "Stojanović",
            "Ilić"
        ],
    },
    Nation {
        nationality: "Mexican",
        passport_prefix: "G",
        male: &["Luis", "Diego", "Carlos", "Javier", "Alejandro", "Ricardo"],
        female: &[
            "Fernanda", "Valeria", "Sofía", "Daniela", "Gabriela", "Ximena",
        ],
        surnames: same![
            "Hernández",
            "García",
            "Martínez",
            "López",
            "González",
            "Sánchez"
        ],
    },
];
