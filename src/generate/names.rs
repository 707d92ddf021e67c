//! The data the generator draws from: partner tenants, departments with their job titles,
//! countries with their office cities, given names and surnames.

/// A department with its weight and its job titles (weighted).
pub(super) struct Department {
    pub(super) name: &'static str,
    pub(super) weight: u32,
    pub(super) titles: &'static [(u32, &'static str)],
}

/// An office city.
pub(super) struct City {
    pub(super) name: &'static str,
    /// The state or region; empty when the country has none in addresses.
    pub(super) state: &'static str,
    /// The office code in `physicalDeliveryOfficeName`.
    pub(super) code: &'static str,
    /// The BCP 47 tag of the language people there prefer.
    pub(super) language: &'static str,
    /// The phone number, `#` for random digits (fictional numbering ranges where possible).
    pub(super) phone: &'static str,
    /// Office buildings: street address and postal code.
    pub(super) offices: &'static [(&'static str, &'static str)],
}

/// A country (ISO 3166 code), its weight and its cities (weighted).
pub(super) struct Country {
    pub(super) code: &'static str,
    pub(super) weight: u32,
    pub(super) cities: &'static [(u32, City)],
}

/// The simulated partner tenants: display name, domain, employee-id prefix. (Microsoft's
/// fictitious company names, minus Contoso, Fabrikam and Tailspin, which the demo uses.)
pub(super) const PARTNERS: &[(&str, &str, &str)] = &[
    ("Northwind Traders", "northwind.example", "NW"),
    ("Woodgrove Bank", "woodgrovebank.example", "WG"),
    ("Litware", "litware.example", "LW"),
    ("Adatum", "adatum.example", "AD"),
    ("Fourth Coffee", "fourthcoffee.example", "FC"),
    ("Proseware", "proseware.example", "PW"),
    ("Wingtip Toys", "wingtiptoys.example", "WT"),
    ("Alpine Ski House", "alpineskihouse.example", "AS"),
    ("Trey Research", "treyresearch.example", "TR"),
    ("Lamna Healthcare", "lamnahealthcare.example", "LH"),
    ("Relecloud", "relecloud.example", "RC"),
    ("Coho Winery", "cohowinery.example", "CW"),
];

/// Departments, largest first, with their job titles.
#[rustfmt::skip]
pub(super) const DEPARTMENTS: &[Department] = &[
    Department { name: "Engineering", weight: 220, titles: &[
        (40, "Software Engineer"), (28, "Senior Software Engineer"),
        (6, "Principal Software Engineer"), (8, "Engineering Manager"),
        (8, "Site Reliability Engineer"), (7, "QA Engineer"), (2, "Software Architect"),
        (1, "Director of Engineering"),
    ] },
    Department { name: "Sales", weight: 140, titles: &[
        (35, "Account Executive"), (30, "Sales Representative"), (15, "Senior Account Manager"),
        (10, "Sales Engineer"), (8, "Sales Manager"), (2, "Regional Sales Director"),
    ] },
    Department { name: "Customer Support", weight: 100, titles: &[
        (50, "Support Engineer"), (25, "Customer Success Manager"), (15, "Support Team Lead"),
        (10, "Escalation Engineer"),
    ] },
    Department { name: "Operations", weight: 70, titles: &[
        (40, "Operations Analyst"), (30, "Logistics Coordinator"), (20, "Operations Manager"),
        (1, "Vice President, Operations"),
    ] },
    Department { name: "Marketing", weight: 60, titles: &[
        (40, "Marketing Specialist"), (25, "Product Marketing Manager"), (20, "Content Strategist"),
        (10, "Brand Manager"), (5, "Marketing Director"),
    ] },
    Department { name: "Finance", weight: 50, titles: &[
        (45, "Financial Analyst"), (30, "Accountant"), (10, "Controller"), (10, "Finance Manager"),
        (1, "Chief Financial Officer"),
    ] },
    Department { name: "IT", weight: 50, titles: &[
        (40, "IT Support Specialist"), (30, "Systems Administrator"), (15, "Identity Engineer"),
        (8, "IT Manager"), (1, "Chief Information Officer"),
    ] },
    Department { name: "Human Resources", weight: 40, titles: &[
        (40, "Recruiter"), (35, "HR Business Partner"), (20, "HR Generalist"), (3, "HR Director"),
    ] },
    Department { name: "Product Management", weight: 40, titles: &[
        (50, "Product Manager"), (30, "Senior Product Manager"), (15, "Product Owner"),
        (8, "Group Product Manager"),
    ] },
    Department { name: "R&D", weight: 40, titles: &[
        (45, "Research Scientist"), (35, "Data Scientist"), (20, "Engineer"),
        (5, "Research Director"),
    ] },
    Department { name: "Manufacturing", weight: 30, titles: &[
        (50, "Production Technician"), (25, "Manufacturing Engineer"), (20, "Quality Inspector"),
        (5, "Plant Manager"),
    ] },
    Department { name: "Legal", weight: 20, titles: &[
        (40, "Corporate Counsel"), (35, "Paralegal"), (20, "Compliance Officer"),
        (2, "General Counsel"),
    ] },
    Department { name: "Design", weight: 20, titles: &[
        (50, "UX Designer"), (25, "Visual Designer"), (15, "UX Researcher"), (10, "Design Lead"),
    ] },
    Department { name: "Procurement", weight: 20, titles: &[
        (50, "Buyer"), (20, "Category Manager"), (15, "Procurement Manager"),
    ] },
    Department { name: "Data & Analytics", weight: 20, titles: &[
        (50, "Data Analyst"), (35, "Data Engineer"), (10, "Analytics Manager"),
    ] },
    Department { name: "Security", weight: 15, titles: &[
        (50, "Security Analyst"), (35, "Security Engineer"),
        (2, "Chief Information Security Officer"),
    ] },
    Department { name: "Facilities", weight: 10, titles: &[
        (60, "Facilities Coordinator"), (20, "Facilities Manager"),
    ] },
    Department { name: "Communications", weight: 10, titles: &[
        (60, "Communications Specialist"), (10, "Communications Director"),
    ] },
    Department { name: "Training", weight: 10, titles: &[
        (60, "Trainer"), (20, "Learning and Development Manager"),
    ] },
    Department { name: "Executive Office", weight: 5, titles: &[
        (60, "Executive Assistant"), (10, "Chief of Staff"), (1, "Chief Executive Officer"),
    ] },
];

/// Countries and their office cities, weighted: a few countries dominate.
#[rustfmt::skip]
pub(super) const COUNTRIES: &[Country] = &[
    Country { code: "US", weight: 380, cities: &[
        (30, City { name: "Seattle", state: "WA", code: "SEA", language: "en-US", phone: "+1 206 555 ####",
            offices: &[("500 Pine Street", "98101"), ("1200 Westlake Avenue N", "98109")] }),
        (25, City { name: "Redmond", state: "WA", code: "RED", language: "en-US", phone: "+1 425 555 ####",
            offices: &[("15010 NE 36th Street", "98052"), ("16011 NE 36th Way", "98052")] }),
        (15, City { name: "New York", state: "NY", code: "NYC", language: "en-US", phone: "+1 212 555 ####",
            offices: &[("11 Times Square", "10036"), ("250 Park Avenue", "10177")] }),
        (10, City { name: "San Francisco", state: "CA", code: "SFO", language: "en-US", phone: "+1 415 555 ####",
            offices: &[("555 California Street", "94104")] }),
        (8, City { name: "Chicago", state: "IL", code: "CHI", language: "en-US", phone: "+1 312 555 ####",
            offices: &[("200 E Randolph Street", "60601")] }),
        (7, City { name: "Austin", state: "TX", code: "AUS", language: "en-US", phone: "+1 512 555 ####",
            offices: &[("300 W 6th Street", "78701")] }),
        (5, City { name: "Atlanta", state: "GA", code: "ATL", language: "en-US", phone: "+1 404 555 ####",
            offices: &[("1180 Peachtree Street NE", "30309")] }),
        (5, City { name: "Boston", state: "MA", code: "BOS", language: "en-US", phone: "+1 617 555 ####",
            offices: &[("200 Clarendon Street", "02116")] }),
    ] },
    Country { code: "GB", weight: 90, cities: &[
        (60, City { name: "London", state: "England", code: "LON", language: "en-GB", phone: "+44 20 7946 0###",
            offices: &[("2 Kingdom Street", "W2 6BD"), ("1 Poultry", "EC2R 8EJ")] }),
        (20, City { name: "Manchester", state: "England", code: "MAN", language: "en-GB", phone: "+44 161 496 0###",
            offices: &[("1 Spinningfields", "M3 3JE")] }),
        (20, City { name: "Edinburgh", state: "Scotland", code: "EDI", language: "en-GB", phone: "+44 131 496 0###",
            offices: &[("1 Lochrin Square", "EH3 9QA")] }),
    ] },
    Country { code: "DE", weight: 80, cities: &[
        (35, City { name: "München", state: "Bayern", code: "MUC", language: "de-DE", phone: "+49 89 3176 ####",
            offices: &[("Walter-Gropius-Straße 5", "80807")] }),
        (30, City { name: "Berlin", state: "Berlin", code: "BER", language: "de-DE", phone: "+49 30 23125 ###",
            offices: &[("Unter den Linden 17", "10117")] }),
        (20, City { name: "Hamburg", state: "Hamburg", code: "HAM", language: "de-DE", phone: "+49 40 6688 ####",
            offices: &[("Großer Burstah 31", "20457")] }),
        (15, City { name: "Düsseldorf", state: "Nordrhein-Westfalen", code: "DUS", language: "de-DE", phone: "+49 211 5384 ####",
            offices: &[("Königsallee 60", "40212")] }),
    ] },
    Country { code: "IN", weight: 80, cities: &[
        (50, City { name: "Bengaluru", state: "Karnataka", code: "BLR", language: "en-IN", phone: "+91 80 4010 ####",
            offices: &[("Outer Ring Road, Bellandur", "560103")] }),
        (30, City { name: "Hyderabad", state: "Telangana", code: "HYD", language: "en-IN", phone: "+91 40 6712 ####",
            offices: &[("Gachibowli, Financial District", "500032")] }),
        (20, City { name: "Pune", state: "Maharashtra", code: "PNQ", language: "en-IN", phone: "+91 20 6600 ####",
            offices: &[("Hinjawadi Phase 1", "411057")] }),
    ] },
    Country { code: "FR", weight: 50, cities: &[
        (70, City { name: "Paris", state: "Île-de-France", code: "PAR", language: "fr-FR", phone: "+33 1 99 00 ## ##",
            offices: &[("12 Rue de la Paix", "75002"), ("8 Avenue de l'Opéra", "75001")] }),
        (30, City { name: "Lyon", state: "Auvergne-Rhône-Alpes", code: "LYS", language: "fr-FR", phone: "+33 4 99 00 ## ##",
            offices: &[("10 Place Bellecour", "69002")] }),
    ] },
    Country { code: "CA", weight: 40, cities: &[
        (50, City { name: "Toronto", state: "ON", code: "YYZ", language: "en-CA", phone: "+1 416 555 ####",
            offices: &[("81 Bay Street", "M5J 0E7")] }),
        (30, City { name: "Montréal", state: "QC", code: "YUL", language: "fr-CA", phone: "+1 514 555 ####",
            offices: &[("1250 Boulevard René-Lévesque Ouest", "H3B 4W8")] }),
        (20, City { name: "Vancouver", state: "BC", code: "YVR", language: "en-CA", phone: "+1 604 555 ####",
            offices: &[("725 Granville Street", "V7Y 1G5")] }),
    ] },
    Country { code: "JP", weight: 30, cities: &[
        (70, City { name: "Tokyo", state: "Tokyo", code: "TYO", language: "ja-JP", phone: "+81 3 5555 ####",
            offices: &[("2-16-3 Konan, Minato-ku", "108-0075")] }),
        (30, City { name: "Osaka", state: "Osaka", code: "OSA", language: "ja-JP", phone: "+81 6 5555 ####",
            offices: &[("3-3-3 Umeda, Kita-ku", "530-0001")] }),
    ] },
    Country { code: "BR", weight: 30, cities: &[
        (70, City { name: "São Paulo", state: "SP", code: "GRU", language: "pt-BR", phone: "+55 11 5555 ####",
            offices: &[("Avenida Paulista 1842", "01310-200")] }),
        (30, City { name: "Rio de Janeiro", state: "RJ", code: "GIG", language: "pt-BR", phone: "+55 21 5555 ####",
            offices: &[("Rua da Assembleia 10", "20011-000")] }),
    ] },
    Country { code: "ES", weight: 30, cities: &[
        (60, City { name: "Madrid", state: "Comunidad de Madrid", code: "MAD", language: "es-ES", phone: "+34 91 555 ## ##",
            offices: &[("Paseo de la Castellana 79", "28046")] }),
        (40, City { name: "Barcelona", state: "Cataluña", code: "BCN", language: "es-ES", phone: "+34 93 555 ## ##",
            offices: &[("Avinguda Diagonal 640", "08017")] }),
    ] },
    Country { code: "NL", weight: 20, cities: &[
        (100, City { name: "Amsterdam", state: "Noord-Holland", code: "AMS", language: "nl-NL", phone: "+31 20 555 ####",
            offices: &[("Evert van de Beekstraat 354", "1118 CZ")] }),
    ] },
    Country { code: "NO", weight: 20, cities: &[
        (75, City { name: "Oslo", state: "Oslo", code: "OSL", language: "nb-NO", phone: "+47 22 55 ## ##",
            offices: &[("Dronning Eufemias gate 71", "0194")] }),
        (25, City { name: "Bergen", state: "Vestland", code: "BGO", language: "nb-NO", phone: "+47 55 55 ## ##",
            offices: &[("Kong Oscars gate 62", "5017")] }),
    ] },
    Country { code: "SE", weight: 20, cities: &[
        (70, City { name: "Stockholm", state: "Stockholms län", code: "STO", language: "sv-SE", phone: "+46 8 555 ### ##",
            offices: &[("Kungsgatan 33", "111 56")] }),
        (30, City { name: "Göteborg", state: "Västra Götaland", code: "GOT", language: "sv-SE", phone: "+46 31 555 ## ##",
            offices: &[("Kungsportsavenyen 21", "411 36")] }),
    ] },
    Country { code: "PL", weight: 20, cities: &[
        (60, City { name: "Warszawa", state: "Mazowieckie", code: "WAW", language: "pl-PL", phone: "+48 22 555 ## ##",
            offices: &[("ul. Marszałkowska 142", "00-061")] }),
        (40, City { name: "Kraków", state: "Małopolskie", code: "KRK", language: "pl-PL", phone: "+48 12 555 ## ##",
            offices: &[("ul. Rakowicka 7", "31-511")] }),
    ] },
    Country { code: "MX", weight: 20, cities: &[
        (100, City { name: "Ciudad de México", state: "CDMX", code: "MEX", language: "es-MX", phone: "+52 55 5555 ####",
            offices: &[("Paseo de la Reforma 505", "06500")] }),
    ] },
    Country { code: "SG", weight: 20, cities: &[
        (100, City { name: "Singapore", state: "", code: "SIN", language: "en-SG", phone: "+65 6555 ####",
            offices: &[("1 Marina Boulevard", "018989")] }),
    ] },
    Country { code: "AU", weight: 20, cities: &[
        (60, City { name: "Sydney", state: "NSW", code: "SYD", language: "en-AU", phone: "+61 2 5550 ####",
            offices: &[("1 Martin Place", "2000")] }),
        (40, City { name: "Melbourne", state: "VIC", code: "MEL", language: "en-AU", phone: "+61 3 5550 ####",
            offices: &[("525 Collins Street", "3000")] }),
    ] },
    Country { code: "CH", weight: 10, cities: &[
        (100, City { name: "Zürich", state: "ZH", code: "ZRH", language: "de-CH", phone: "+41 44 555 ## ##",
            offices: &[("Bahnhofstrasse 45", "8001")] }),
    ] },
    Country { code: "DK", weight: 10, cities: &[
        (100, City { name: "København", state: "Hovedstaden", code: "CPH", language: "da-DK", phone: "+45 33 55 ## ##",
            offices: &[("Kanalvej 7", "2800")] }),
    ] },
];

/// Given names, most common first (the order sets the Zipf rank).
#[rustfmt::skip]
pub(super) const GIVEN_NAMES: &[&str] = &[
    "James", "Maria", "Wei", "Mohammed", "Anna", "David", "José", "Sarah", "Michael", "Priya",
    "John", "Laura", "Ahmed", "Elena", "Daniel", "Sofía", "Juan", "Emma", "Rahul", "Olivia",
    "Thomas", "Fatima", "Carlos", "Julia", "Robert", "Yuki", "Luis", "Chloé", "William", "Mei",
    "Pedro", "Hannah", "Ali", "Lucía", "Peter", "Aisha", "Jean", "Marie", "Christopher", "Ana",
    "Andreas", "Ingrid", "Hiroshi", "Zoë", "Mark", "Isabel", "Ravi", "Charlotte", "Paul", "Nina",
    "Jorge", "Amelia", "Kevin", "Camille", "Ming", "Eva", "Miguel", "Sophie", "Richard", "Ji-woo",
    "Stefan", "Katarina", "François", "Leila", "Brian", "Ying", "Alejandro", "Grace", "Matthew",
    "Ayumi", "Antonio", "Emily", "Arjun", "Lena", "Joseph", "Mariana", "Kenji", "Inés", "Andrew",
    "Fernanda", "Sanjay", "Clara", "Steven", "Ewa", "Francesco", "Jessica", "Omar", "Léa", "Martin",
    "Valentina", "Vikram", "Astrid", "Jason", "Yasmin", "Giovanni", "Rachel", "Hassan", "Freya",
    "Ryan", "Agnieszka", "Łukasz", "Noah", "Søren", "Björn", "Jürgen", "Renée", "João", "Ömer",
    "Agnès", "Anaïs", "Benoît", "Hélène", "Jérôme", "Mónica", "Andrés", "Raúl", "Sebastián",
    "Ángel", "Álvaro", "Joaquín", "Iñaki", "Małgorzata", "Wojciech", "Paweł", "Krzysztof", "Zuzana",
    "Jiří", "Tomáš", "Lukáš", "Ondřej", "Kateřina", "Çağla", "Şebnem", "Gülşen", "Ümit", "Håkon",
    "Åsa", "Sigrún", "Ólafur", "Dagný", "Maëlle", "Noémie", "Thérèse", "Françoise", "Élodie",
    "Gaël", "Loïc", "Jörg", "Günther", "Käthe", "Barbara", "Bob", "Annie", "Charlie", "Charles",
    "Anne", "Annika", "Bartosz", "Barry", "Joanna", "Johanna", "Jonas", "Joy", "Jonathan",
    "Josephine", "Karen", "Linda", "Patricia", "Jennifer", "Elizabeth", "Susan", "Margaret", "Lisa",
    "Nancy", "Betty", "Sandra", "Ashley", "Kimberly", "Donna", "Michelle", "Dorothy", "Carol",
    "Amanda", "Melissa", "Deborah", "Stephanie", "Rebecca", "Sharon", "Cynthia", "Kathleen", "Amy",
    "Angela", "Shirley", "Brenda", "Pamela", "Nicole", "Samantha", "Katherine", "Christine",
    "Debra", "George", "Edward", "Ronald", "Timothy", "Jeffrey", "Gary", "Eric", "Stephen", "Larry",
    "Justin", "Scott", "Brandon", "Benjamin", "Samuel", "Gregory", "Frank", "Alexander", "Raymond",
    "Patrick", "Jack", "Dennis", "Jerry", "Tyler", "Aaron", "Henry", "Adam", "Douglas", "Nathan",
    "Zachary", "Kyle", "Walter", "Ethan", "Jeremy", "Harold", "Keith", "Christian", "Roger",
    "Terry", "Sean", "Austin", "Gerald", "Carl", "Dylan", "Arthur", "Lawrence", "Jordan", "Jesse",
    "Bryan", "Billy", "Bruce", "Hiro", "Sakura", "Haruto", "Yui", "Takumi", "Minjun", "Seo-yeon",
    "Jae-hyun", "Xin", "Jun", "Hao", "Lan", "Lin", "Fang", "Tao", "Anh", "Minh", "Thảo", "Linh",
    "Đức", "Amit", "Deepika", "Ananya", "Rohan", "Sneha", "Kiran", "Lakshmi", "Suresh", "Meera",
    "Aditya", "Chinedu", "Ngozi", "Kwame", "Amara", "Tendai", "Zanele", "Youssef", "Layla", "Karim",
    "Nour", "Mustafa", "Zeynep", "Emre", "Elif", "Dmitri", "Olga", "Sergei", "Natalia", "Ivan",
    "Svetlana", "Mateo", "Valeria", "Santiago", "Camila", "Diego", "Gabriela", "Rafael", "Beatriz",
    "Thiago", "Larissa", "Niamh", "Siobhán", "Seán", "Aoife", "Eoin", "Pádraig", "Mikael", "Elin",
    "Oskar", "Matilda",
];

/// Surnames, most common first (the order sets the Zipf rank).
#[rustfmt::skip]
pub(super) const SURNAMES: &[&str] = &[
    "Smith", "García", "Müller", "Wang", "Kumar", "Johnson", "Martínez", "Schmidt", "Li", "Singh",
    "Brown", "Rodríguez", "Nguyễn", "Kim", "Williams", "López", "Rossi", "Patel", "Jones",
    "González", "Zhang", "Fischer", "Hernández", "Dubois", "Sato", "Silva", "Taylor", "Pérez",
    "Chen", "Schneider", "Ivanova", "Johansson", "Andersen", "Ødegård", "Núñez", "Kowalski",
    "Nowak", "Wiśniewska", "van der Berg", "de la Cruz", "Davis", "Sánchez", "Weber", "Liu",
    "Sharma", "Miller", "Ramírez", "Meyer", "Yang", "Gupta", "Wilson", "Torres", "Wagner", "Huang",
    "Reddy", "Moore", "Flores", "Becker", "Zhao", "Iyer", "Martin", "Rivera", "Schulz", "Wu",
    "Nair", "Anderson", "Gómez", "Hoffmann", "Zhou", "Rao", "Thomas", "Díaz", "Schäfer", "Xu",
    "Das", "Jackson", "Morales", "Koch", "Sun", "Mehta", "White", "Ortiz", "Bauer", "Ma", "Joshi",
    "Harris", "Gutiérrez", "Richter", "Zhu", "Chopra", "Thompson", "Chávez", "Klein", "Hu", "Bose",
    "Clark", "Ruiz", "Wolf", "Guo", "Pillai", "Lewis", "Álvarez", "Schröder", "He", "Malhotra",
    "Robinson", "Jiménez", "Neumann", "Lin", "Banerjee", "Walker", "Moreno", "Schwarz", "Luo",
    "Menon", "Young", "Romero", "Zimmermann", "Tanaka", "Suzuki", "Takahashi", "Watanabe", "Itō",
    "Yamamoto", "Nakamura", "Kobayashi", "Katō", "Yoshida", "Park", "Lee", "Choi", "Jung", "Kang",
    "Cho", "Yoon", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Bernard", "Petit", "Durand", "Leroy",
    "Moreau", "Lefèvre", "Fournier", "Girard", "Bonnet", "François", "Lambert", "Fontaine",
    "Rousseau", "Vincent", "Mercier", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco",
    "Bruno", "Gallo", "Conti", "De Luca", "Esposito", "Costa", "Santos", "Oliveira", "Souza",
    "Pereira", "Ferreira", "Almeida", "Carvalho", "Gonçalves", "Araújo", "dos Santos", "da Silva",
    "Rocha", "Barbosa", "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker",
    "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Janssens", "Peeters", "Maes", "Jacobs",
    "Nielsen", "Hansen", "Pedersen", "Larsen", "Sørensen", "Rasmussen", "Jørgensen", "Christensen",
    "Olsen", "Berg", "Haugen", "Hagen", "Bakken", "Lie", "Dahl", "Lund", "Strand", "Solberg",
    "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson",
    "Lindqvist", "Åberg", "Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Hämäläinen", "Wiśniewski",
    "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Woźniak",
    "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Novák", "Dvořák", "Černý", "Procházka",
    "Kučera", "Veselý", "Horváth", "Nagy", "Tóth", "Szabó", "Kovács", "Popescu", "Ionescu", "Popa",
    "Petrov", "Ivanov", "Smirnov", "Kuznetsov", "Popov", "Sokolov", "Volkova", "Papadopoulos",
    "Georgiou", "Öztürk", "Şahin", "Çelik", "Doğan", "Kaya", "Demir", "Cohen", "Levi", "Mizrahi",
    "Haddad", "Khalil", "Hussein", "Rahman", "Hossain", "Khan", "Malik", "Qureshi", "Okafor",
    "Adeyemi", "Mensah", "Mwangi", "Otieno", "Dlamini", "Nkosi", "O'Brien", "O'Connor", "Murphy",
    "Kelly", "Byrne", "Walsh", "Ó Súilleabháin", "MacDonald", "Campbell", "Stewart", "Fraser",
    "Le Goff", "di Marco", "de Oliveira", "Van Houten", "ter Horst", "García-López", "Fernández",
    "Castro", "Vargas", "Mendoza", "Aguilar", "Peña", "Domínguez", "Muñoz", "Ibáñez", "Güell",
    "Ferrer",
];
