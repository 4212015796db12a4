//! Names of EU citizens, and Czech names for staff.

use super::Nation;

/// Citizens of EU/EEA countries and Switzerland.
pub(crate) const EU: &[Nation] = &[
    Nation {
        nationality: "Slovak",
        passport_prefix: "EA",
        male: &["Martin", "Tomáš", "Peter", "Juraj", "Marek", "Lukáš"],
        female: &[
            "Zuzana",
            "Katarína",
            "Lucia",
            "Jana",
            "Veronika",
            "Michaela",
        ],
        surnames: &[
            ("Kováč", "Kováčová"),
            ("Horváth", "Horváthová"),
            ("Baláž", "Balážová"),
            ("Tóth", "Tóthová"),
            ("Varga", "Vargová"),
        ],
    },
    Nation {
        nationality: "Polish",
        passport_prefix: "EP",
        male: &["Piotr", "Krzysztof", "Tomasz", "Paweł", "Michał", "Kamil"],
        female: &[
            "Anna",
            "Katarzyna",
            "Magdalena",
            "Agnieszka",
            "Joanna",
            "Monika",
        ],
        surnames: &[
            ("Kowalski", "Kowalska"),
            ("Nowak", "Nowak"),
            ("Wiśniewski", "Wiśniewska"),
            ("Wójcik", "Wójcik"),
            ("Kamiński", "Kamińska"),
            ("Zieliński", "Zielińska"),
        ],
    },
    Nation {
        nationality: "German",
        passport_prefix: "C",
        male: &["Jonas", "Lukas", "Felix", "Maximilian", "Tobias", "Florian"],
        female: &["Lena", "Hannah", "Laura", "Julia", "Katharina", "Miriam"],
        surnames: same![
            "Müller",
            "Schmidt",
            "Schneider",
            "Fischer",
            "Weber",
            "Wagner"
        ],
    },
    Nation {
        nationality: "Italian",
        passport_prefix: "YA",
        male: &[
            "Marco",
            "Alessandro",
            "Matteo",
            "Lorenzo",
            "Davide",
            "Simone",
        ],
        female: &["Giulia", "Francesca", "Chiara", "Sara", "Martina", "Elena"],
        surnames: same!["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano"],
    },
    Nation {
        nationality: "Spanish",
        passport_prefix: "PA",
        male: &["Pablo", "Javier", "Sergio", "Álvaro", "Adrián", "Raúl"],
        female: &["Lucía", "Marta", "Paula", "Elena", "Cristina", "Laura"],
        surnames: same!["García", "Fernández", "Martín", "Ruiz", "Moreno", "Jiménez"],
    },
    Nation {
        nationality: "French",
        passport_prefix: "19",
        male: &["Julien", "Nicolas", "Antoine", "Maxime", "Hugo", "Romain"],
        female: &["Camille", "Manon", "Chloé", "Léa", "Claire", "Pauline"],
        surnames: same![
            "Martin", "Bernard", "Dubois", "Laurent", "Moreau", "Lefebvre"
        ],
    },
    Nation {
        nationality: "Romanian",
        passport_prefix: "05",
        male: &[
            "Andrei",
            "Mihai",
            "Alexandru",
            "Ionuț",
            "Bogdan",
            "Cristian",
        ],
        female: &[
            "Ioana",
            "Elena",
            "Andreea",
            "Alexandra",
            "Mihaela",
            "Raluca",
        ],
        surnames: same![
            "Popescu",
            "Ionescu",
            "Popa",
            "Dumitru",
            "Stan",
            "Constantin"
        ],
    },
    Nation {
        nationality: "Portuguese",
        passport_prefix: "CB",
        male: &["João", "Tiago", "Rui", "Pedro", "Diogo", "Nuno"],
        female: &["Inês", "Mariana", "Beatriz", "Catarina", "Joana", "Sofia"],
        surnames: same![
            "Silva",
            "Ferreira",
            "Rodrigues",
            "Martins",
            "Sousa",
            "Gonçalves"
        ],
    },
];

/// Czech first names and surnames for staff.
pub(crate) const CZECH: Nation = Nation {
    nationality: "Czech",
    passport_prefix: "4",
    male: &[
        "Petr", "Jan", "Tomáš", "Martin", "Jiří", "Lukáš", "David", "Ondřej", "Marek", "Pavel",
    ],
    female: &[
        "Jana",
        "Lucie",
        "Eva",
        "Petra",
        "Kateřina",
        "Tereza",
        "Markéta",
        "Hana",
        "Veronika",
        "Zuzana",
    ],
    surnames: &[
        ("Novák", "Nováková"),
        ("Dvořák", "Dvořáková"),
        ("Svoboda", "Svobodová"),
        ("Černý", "Černá"),
        ("Procházka", "Procházková"),
        ("Kučera", "Kučerová"),
        ("Veselý", "Veselá"),
        ("Horák", "Horáková"),
        ("Němec", "Němcová"),
        ("Pokorný", "Pokorná"),
        ("Marek", "Marková"),
    ],
};
