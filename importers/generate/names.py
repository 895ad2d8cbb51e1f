"""Names and places: first and last names by heritage, the cities people work in, and the
e-mail addresses and LinkedIn slugs derived from a name.

Kept as data so realism can be tuned without touching the algorithms.
"""
from __future__ import annotations

import re
import unicodedata

# Names grouped by region, then by language/culture within it, so that a person's first and
# last name usually fit together ("Hiroshi Tanaka", not "Hiroshi Kim") and each city can lean
# towards the names common there.  Accents and apostrophes are kept on purpose: importers
# must cope with them, and e-mail addresses fold them to ASCII.
_Group = tuple[tuple[str, ...], tuple[str, ...]]          # (first names, last names)
NAMES: dict[str, tuple[_Group, ...]] = {
    "anglo": (
        (("James", "Emily", "Michael", "Sarah", "David", "Jessica", "Daniel", "Olivia", "Matthew",
          "Hannah", "Ryan", "Megan", "Thomas", "Charlotte", "Andrew", "Grace", "Benjamin", "Lucy",
          "Nathan", "Rachel", "Liam", "Chloe", "Owen", "Abigail"),
         ("Smith", "Johnson", "Williams", "Brown", "Taylor", "Anderson", "Thompson", "Walker",
          "Harris", "Clarke", "Wright", "Mitchell", "Campbell", "Robinson", "Hughes", "Edwards",
          "Bennett", "Foster", "Reid", "Parker", "Cooper", "Morgan")),
        (("Sean", "Siobhan", "Aoife", "Ciarán", "Niamh", "Patrick", "Eoin", "Róisín", "Conor",
          "Fiona", "Declan", "Orla"),
         ("Murphy", "O'Brien", "Sullivan", "Fitzgerald", "Kelly", "Byrne", "Walsh", "O'Connor",
          "McCarthy", "Doyle", "MacDonald", "Gallagher")),
    ),
    "hispanic": (
        (("José", "María", "Lucía", "Sofía", "Andrés", "Alejandro", "Camila", "Valentina", "Diego",
          "Mateo", "Carmen", "Javier", "Isabel", "Carlos", "Gabriela", "Fernando", "Ana", "Luis",
          "Paula", "Ricardo", "Elena", "Miguel", "Daniela", "Pablo"),
         ("García", "Martínez", "Rodríguez", "López", "Hernández", "González", "Pérez", "Sánchez",
          "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Morales", "Ortiz", "Castillo",
          "Romero", "Navarro", "Vargas", "Mendoza", "Ruiz", "Herrera", "Jiménez")),
        (("João", "Beatriz", "Thiago", "Larissa", "Rafael", "Mariana", "Gustavo", "Fernanda",
          "Lucas", "Juliana", "Bruno", "Letícia"),
         ("Silva", "Oliveira", "Souza", "Santos", "Pereira", "Costa", "Almeida", "Ferreira",
          "Carvalho", "Ribeiro", "Gonçalves", "Barbosa")),
    ),
    "south_asian": (
        (("Aarav", "Priya", "Rohan", "Ananya", "Vikram", "Sneha", "Arjun", "Kavya", "Rahul",
          "Divya", "Sanjay", "Meera", "Aditya", "Pooja", "Nikhil", "Shreya", "Amit", "Neha"),
         ("Sharma", "Patel", "Gupta", "Mehta", "Joshi", "Desai", "Agarwal", "Kapoor", "Malhotra",
          "Verma", "Shah", "Chatterjee", "Banerjee", "Das", "Mishra", "Saxena")),
        (("Karthik", "Lakshmi", "Ravi", "Deepika", "Srinivas", "Anjali", "Venkat", "Divya",
          "Harish", "Keerthi", "Suresh", "Nandini"),
         ("Reddy", "Iyer", "Nair", "Rao", "Krishnan", "Menon", "Pillai", "Subramanian", "Bhat",
          "Naidu", "Raman", "Hegde")),
        (("Harpreet", "Gurpreet", "Manpreet", "Jasleen", "Amandeep", "Simran", "Imran", "Fatima",
          "Ayesha", "Bilal", "Hamza", "Sana"),
         ("Singh", "Kaur", "Gill", "Sandhu", "Dhillon", "Grewal", "Khan", "Qureshi", "Siddiqui",
          "Malik", "Chaudhry", "Butt")),
    ),
    "east_asian": (
        (("Wei", "Mei", "Xin", "Jia", "Hao", "Yan", "Ming", "Lin", "Zhiwei", "Xiaoling", "Yifan",
          "Jing", "Tao", "Lei"),
         ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun",
          "Ma", "Zhu")),
        (("Hiroshi", "Yuki", "Kenji", "Aiko", "Sakura", "Takumi", "Emi", "Haruto", "Yuna", "Daisuke",
          "Naoko", "Ren"),
         ("Tanaka", "Suzuki", "Takahashi", "Watanabe", "Sato", "Yamamoto", "Nakamura", "Ito",
          "Kobayashi", "Kato", "Yoshida", "Matsumoto")),
        (("Min-jun", "Seo-yeon", "Ji-woo", "Dong-hyun", "Soo-ah", "Ji-hoon", "Hye-jin", "Sung-min",
          "Eun-ji", "Jae-won", "Yu-na", "Hyun-woo"),
         ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Shin")),
    ),
    "southeast_asian": (
        (("Minh", "Linh", "Anh", "Thao", "Tuan", "Mai", "Hieu", "Trang", "Duc", "Huong", "Quang",
          "Ngoc"),
         ("Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui", "Do", "Ngo", "Duong", "Ly")),
        (("Putri", "Budi", "Siti", "Agus", "Dewi", "Rizal", "Arief", "Nurul", "Indah", "Fajar",
          "Ayu", "Hendra"),
         ("Santoso", "Wijaya", "Halim", "Kusuma", "Hidayat", "Saputra", "Pratama", "Setiawan",
          "Gunawan", "Nugroho", "Lestari", "Hartono")),
        (("Maricel", "Paolo", "Angelica", "Rommel", "Kristine", "Jericho", "Bea", "Carlo",
          "Joanna", "Marvin", "Patricia", "Ramon"),
         ("Reyes", "Santos", "Cruz", "Bautista", "dela Cruz", "Aquino", "Ramos", "Villanueva",
          "Garcia", "Mendoza", "Castro", "Tolentino")),
        (("Wei Ling", "Jun Jie", "Hui Min", "Kai Xiang", "Shu Fen", "Zhi Hao", "Li Ting",
          "Jia Hui"),
         ("Tan", "Lim", "Ong", "Goh", "Teo", "Ng", "Koh", "Chua", "Lee", "Wong")),
    ),
    "african": (
        (("Chinedu", "Ngozi", "Oluwaseun", "Adaeze", "Emeka", "Chiamaka", "Tunde", "Folake",
          "Kelechi", "Zainab", "Musa", "Aisha", "Ifeoma", "Babajide"),
         ("Okafor", "Adeyemi", "Nwosu", "Okonkwo", "Eze", "Balogun", "Abubakar", "Adebayo",
          "Ogunleye", "Bello", "Olawale", "Ibrahim", "Chukwu", "Afolabi")),
        (("Kwame", "Ama", "Kofi", "Abena", "Yaw", "Akosua", "Kwabena", "Efua", "Kojo", "Adjoa"),
         ("Mensah", "Osei", "Boateng", "Owusu", "Asante", "Appiah", "Agyeman", "Darko", "Ofori",
          "Amoah")),
        (("Wanjiru", "Jabari", "Achieng", "Amani", "Wambui", "Kibet", "Njeri", "Baraka",
          "Akinyi", "Zawadi"),
         ("Mwangi", "Kamau", "Otieno", "Ochieng", "Kariuki", "Njoroge", "Wafula", "Kiprop",
          "Omondi", "Mutua")),
        (("Sipho", "Thandiwe", "Nomvula", "Kagiso", "Tendai", "Lerato", "Thabo", "Zanele",
          "Bongani", "Palesa"),
         ("Dlamini", "Ndlovu", "Mokoena", "Khumalo", "Nkosi", "Mahlangu", "Sithole", "Moyo",
          "Zulu", "Botha")),
        (("Mamadou", "Aminata", "Moussa", "Fatoumata", "Ibrahima", "Awa", "Ousmane", "Mariama"),
         ("Diallo", "Traoré", "Keita", "Koné", "Ndiaye", "Diop", "Camara", "Sow")),
    ),
    "european": (
        (("Lukas", "Anna", "Felix", "Marie", "Jonas", "Lena", "Maximilian", "Sophie", "Leon",
          "Laura", "Paul", "Katharina"),
         ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Hoffmann", "Becker", "Wagner",
          "Schäfer", "Koch", "Richter", "Klein")),
        (("Antoine", "Camille", "Léa", "Julien", "Chloé", "Mathieu", "Manon", "Hugo", "Élodie",
          "Nicolas"),
         ("Dubois", "Lefèvre", "Moreau", "Martin", "Bernard", "Laurent", "Girard", "Fournier",
          "Rousseau", "Mercier")),
        (("Matteo", "Giulia", "Luca", "Chiara", "Alessandro", "Francesca", "Lorenzo", "Sara",
          "Davide", "Martina"),
         ("Rossi", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo",
          "Conti")),
        (("Lars", "Ingrid", "Sven", "Astrid", "Nils", "Elise", "Søren", "Freja", "Erik", "Maja",
          "Anders", "Sigrid"),
         ("Johansson", "Andersson", "Nielsen", "Larsen", "Hansen", "Lindqvist", "Eriksson",
          "Berg", "Jensen", "Karlsson", "Nyström", "Dahl")),
        (("Piotr", "Katarzyna", "Tomasz", "Zofia", "Michał", "Agnieszka", "Paweł", "Magdalena",
          "Jakub", "Aleksandra"),
         ("Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński",
          "Łukasiewicz", "Szymański", "Dąbrowski")),
        (("Mikhail", "Olga", "Dmitri", "Natalia", "Alexei", "Irina", "Sergei", "Tatiana",
          "Andriy", "Oksana"),
         ("Ivanov", "Petrov", "Smirnov", "Volkov", "Kuznetsov", "Popov", "Sokolov", "Shevchenko",
          "Kovalenko", "Bondarenko")),
        (("Daan", "Sanne", "Bram", "Fleur", "Joost", "Lotte", "Pieter", "Anouk"),
         ("Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "de Jong",
          "van Dijk")),
    ),
    "middle_eastern": (
        (("Omar", "Layla", "Ahmed", "Yasmin", "Ali", "Noor", "Hassan", "Mariam", "Karim", "Salma",
          "Tariq", "Rania", "Samir", "Dina", "Youssef", "Huda"),
         ("Haddad", "Khalil", "Nasser", "Hussein", "Aziz", "Farouk", "Saleh", "Mansour", "Hamdan",
          "Abboud", "Al-Amin", "Khoury", "Sabbagh", "Darwish", "El-Sayed", "Mahmoud")),
        (("Mehmet", "Elif", "Emre", "Zeynep", "Burak", "Ayşe", "Can", "Deniz", "Mert", "Selin"),
         ("Yılmaz", "Kaya", "Demir", "Çelik", "Şahin", "Öztürk", "Aydın", "Arslan", "Doğan",
          "Koç")),
        (("Dariush", "Shirin", "Arash", "Leila", "Reza", "Parisa", "Kian", "Nazanin"),
         ("Hosseini", "Karimi", "Ahmadi", "Rezaei", "Moradi", "Rahimi", "Jafari", "Tehrani")),
        (("Avi", "Tamar", "Noa", "Yonatan", "Maya", "Eitan", "Shira", "Ido"),
         ("Cohen", "Levi", "Mizrahi", "Peretz", "Biton", "Friedman", "Azoulay", "Katz")),
    ),
}
REGIONS = tuple(NAMES)

# City -> (weight as a site, name-heritage weights in REGIONS order).
CITIES: dict[str, tuple[float, tuple[float, ...]]] = {
    #                         anglo hisp  s.as  e.as  se.as afr   eur   m.e.
    "San Francisco": (3.0, (3.0, 2.0, 2.0, 2.5, 1.0, 0.8, 1.0, 0.8)),
    "New York":      (2.5, (3.0, 2.0, 1.5, 1.5, 0.8, 1.2, 1.2, 1.0)),
    "London":        (2.5, (3.5, 0.8, 2.0, 1.0, 0.6, 1.5, 2.0, 1.0)),
    "Berlin":        (2.0, (1.0, 0.8, 0.8, 0.8, 0.4, 0.6, 5.0, 2.0)),
    "Toronto":       (1.5, (2.5, 1.0, 2.0, 1.8, 1.0, 1.0, 1.2, 1.0)),
    "Bangalore":     (2.0, (0.3, 0.1, 9.0, 0.3, 0.2, 0.1, 0.2, 0.3)),
    "Singapore":     (1.2, (0.8, 0.3, 2.0, 3.0, 3.0, 0.2, 0.6, 0.3)),
    "Austin":        (1.5, (3.0, 3.0, 1.2, 1.0, 0.6, 1.0, 0.8, 0.5)),
    "Dublin":        (1.0, (4.0, 0.6, 1.0, 0.6, 0.4, 0.8, 2.0, 0.4)),
    "São Paulo":     (1.0, (0.4, 8.0, 0.3, 0.6, 0.2, 0.6, 1.0, 0.4)),
    "Lagos":         (0.8, (0.4, 0.1, 0.3, 0.2, 0.1, 9.0, 0.3, 0.3)),
    "Tokyo":         (0.8, (0.4, 0.2, 0.3, 8.0, 0.4, 0.1, 0.4, 0.2)),
}


_TRANSLIT = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss",
                           "æ": "ae", "Æ": "AE", "đ": "d", "Đ": "D", "œ": "oe"})


def ascii_fold(text: str) -> str:
    """Plain ASCII for e-mail addresses and URLs ("Łukasiewicz" -> "Lukasiewicz")."""
    text = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
    return text.encode("ascii", "ignore").decode()


def email_stem(first: str, last: str) -> str:
    """``first.last`` in lower-case letters and digits only."""
    def clean(s: str) -> str:
        return re.sub(r"[^a-z0-9]", "", ascii_fold(s).lower())
    return f"{clean(first)}.{clean(last)}"


def url_slug(first: str, last: str) -> str:
    """LinkedIn-style slug: ``ana-garcia``."""
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(f"{first} {last}").lower()).strip("-")
