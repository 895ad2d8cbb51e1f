"""Deterministic synthetic organisation generator.

Why it exists: demos, benchmarks and tests need an organisation that looks real (diverse
names, titles that match level and department, teams, projects, mentorship programmes,
former employers, LinkedIn exports) and that is large enough to stress the stores, without
touching anybody's personal data.  Everything is written in the same import formats a real
admin would upload, so the generator exercises the importers end to end.

Design rules:

* **Deterministic.**  Every phase draws from its own ``random.Random`` seeded with
  ``"<seed>:<phase>"`` (string seeds are hashed with SHA-512 by ``random``, so they do not
  depend on ``PYTHONHASHSEED``), dates are relative to the fixed :data:`AS_OF` day rather
  than "today", and nothing iterates over a set of strings.  Same seed and same N give
  byte-identical files; changing one phase does not reshuffle the others.
* **Build records, then write.**  The ``_build_*`` functions return plain records; the
  ``_write_*`` functions only format them.  The tie-count estimate is computed from the
  records so it costs no second pass over the files.
* **Realistic shape, bounded degree.**  Spans of control 3..10, levels that fall strictly
  down every reporting line, teams that share a location, cross-department projects of
  4..8 people with a per-person cap, a company pool sized so that former-colleague cliques
  stay small.  The graph grows linearly with N and is not dominated by hubs.

Span rule: whenever ``people >= 4`` every manager has between 3 and 10 direct reports (no
leftover exceptions: subtree sizes are planned top-down so that sizes 2 and 3, which would
force a manager with 1 or 2 reports, never occur).  With 1..3 people the CEO simply has the
other 0..2.
"""
from __future__ import annotations

import csv
import math
import re
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from random import Random
from typing import Callable, Iterable, Sequence

__all__ = ["GeneratedFiles", "generate", "AS_OF", "LINKEDIN_NOTE"]

#: The day the synthetic organisation is observed: fixed, so output never depends on the clock.
AS_OF = date(2025, 6, 1)
_AS_OF = AS_OF.toordinal()

#: LinkedIn's preamble line, verbatim (the export quotes it).
LINKEDIN_NOTE = (
    '"When exporting your connection data, you may notice that some of the email addresses are '
    "missing. You will only see email addresses for connections who have allowed their "
    "connections to see or download their email address using this setting "
    "https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    'https://www.linkedin.com/help/linkedin/answer/261"'
)

ORGCHART_HEADER = ["Employee ID", "First Name", "Last Name", "Email", "Title", "Department",
                   "Team", "Location", "Level", "Manager ID", "Dotted Line Manager ID"]
PEOPLE_HEADER = ["person_id", "skills", "interests", "linkedin_url", "active", "open_to_intros"]
RELATIONSHIPS_HEADER = ["source", "target", "type", "since", "until", "context", "interactions"]
MENTORSHIPS_HEADER = ["mentor", "mentee", "since", "until", "status", "program"]
POSITIONS_HEADER = ["person", "organization", "title", "since", "until"]
LINKEDIN_HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
                   "Connected On"]

MAX_SPAN = 10
MIN_SPAN = 3
CEO_LEVEL = 8
MAX_PROJECT_PAIRS = 40          # per person: keeps the project graph from growing hubs
MAX_PROJECTS_PER_PERSON = 6
_PEOPLE_PER_COMPANY = 20          # pool ~N/20: keeps former-colleague cliques small
_P_FORMER = 0.62                # of people with some career before joining
OVERLAP_DAYS = 90               # "former colleagues" need 3+ months at the same company


@dataclass(frozen=True)
class GeneratedFiles:
    """Where :func:`generate` wrote each import file.

    ``linkedin`` maps the owner's person_id to that owner's ``Connections.csv``.  ``ties``
    is the tie-count estimate by kind (see :func:`generate`); it is informational and not
    part of equality.
    """

    orgchart: Path
    people: Path
    relationships: Path
    mentorships: Path
    positions: Path
    linkedin: dict[str, Path]
    ties: dict[str, int] = field(default_factory=dict, compare=False)


# --------------------------------------------------------------------------------------
# Vocabulary.  Kept as data so realism can be tuned without touching the algorithms.
# --------------------------------------------------------------------------------------

# Names grouped by region, then by language/culture within it, so that a person's first and
# last name usually fit together ("Hiroshi Tanaka", not "Hiroshi Kim") and each city can lean
# towards the names common there.  Accents and apostrophes are kept on purpose: importers
# must cope with them, and e-mail addresses fold them to ASCII.
_Group = tuple[tuple[str, ...], tuple[str, ...]]          # (first names, last names)
_NAMES: dict[str, tuple[_Group, ...]] = {
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
_REGIONS = tuple(_NAMES)

# City -> (weight as a site, name-heritage weights in _REGIONS order).
_CITIES: dict[str, tuple[float, tuple[float, ...]]] = {
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


@dataclass(frozen=True)
class _Dept:
    """What a department looks like: size share, titles, team names, skills."""

    weight: float
    roles: tuple[str, ...]                       # IC role stems, prefixed by level
    managers: dict[int, str]                     # manager title by level 2..6
    head: str                                    # title of the head of department
    areas: tuple[str, ...]                       # group names (a director's area)
    suffixes: tuple[str, ...]                    # team = area + suffix
    skills: tuple[str, ...]
    ladder: dict[int, tuple[str, ...]] = field(default_factory=dict)  # explicit IC titles
    prefixes: str = "business"                   # which level-prefix style the roles take


_LEVEL_PREFIX = {
    "engineering": {1: "Junior ", 2: "", 3: "Senior ", 4: "Staff ", 5: "Principal ",
                    6: "Distinguished "},
    "business": {1: "Associate ", 2: "", 3: "Senior ", 4: "Lead ", 5: "Principal ",
                 6: "Principal "},
}

_DEPARTMENTS: dict[str, _Dept] = {
    "Engineering": _Dept(
        0.28,
        ("Software Engineer", "Backend Engineer", "Frontend Engineer", "Site Reliability Engineer",
         "Mobile Engineer", "QA Engineer", "Security Engineer", "Platform Engineer",
         "Software Engineer", "Backend Engineer"),
        {2: "Engineering Team Lead", 3: "Engineering Team Lead", 4: "Engineering Manager",
         5: "Senior Engineering Manager", 6: "Director of Engineering"},
        "VP of Engineering",
        ("Payments", "Identity", "Search", "Billing", "Mobile", "Web", "Infrastructure", "Checkout",
         "Messaging", "Storage", "Networking", "Reliability", "Developer Experience", "Security",
         "Observability", "Integrations", "Core Services", "Notifications", "Data Platform",
         "Growth Engineering", "Marketplace", "Ledger", "Fraud", "Edge", "Compute"),
        ("Platform", "Services", "Core", "Experience", "Infrastructure", "Tooling", "API",
         "Foundations", "Frontend", "Backend", "Automation", "Performance", "Scaling", "Quality",
         "Runtime"),
        ("Python", "Go", "Java", "TypeScript", "React", "Kubernetes", "AWS", "Terraform",
         "PostgreSQL", "Distributed Systems", "System Design", "CI/CD", "Rust", "Kotlin", "Swift",
         "Security Engineering", "Observability", "gRPC"),
        prefixes="engineering",
    ),
    "Sales": _Dept(
        0.13,
        ("Account Executive",),
        {2: "Sales Team Lead", 3: "Sales Team Lead", 4: "Sales Manager",
         5: "Regional Sales Manager", 6: "Director of Sales"},
        "VP of Sales",
        ("Enterprise EMEA", "Enterprise North America", "Enterprise APAC", "Mid-Market West",
         "Mid-Market East", "Mid-Market EMEA", "Commercial", "Public Sector", "Strategic Accounts",
         "Channel Partners", "SMB", "Financial Services", "Healthcare", "Retail"),
        ("New Business", "Expansion", "Renewals", "Accounts", "Pod", "Development", "Field Sales",
         "Inside Sales"),
        ("Negotiation", "Salesforce", "Prospecting", "Account Management", "Pipeline Management",
         "Forecasting", "Solution Selling", "Cold Calling", "Contract Negotiation",
         "Relationship Building", "MEDDICC"),
        ladder={1: ("Sales Development Representative", "Business Development Representative"),
                2: ("Account Executive", "Sales Engineer"),
                3: ("Senior Account Executive", "Senior Sales Engineer"),
                4: ("Enterprise Account Executive", "Lead Sales Engineer"),
                5: ("Strategic Account Director", "Principal Solutions Consultant"),
                6: ("Global Account Director",)},
    ),
    "Product": _Dept(
        0.07,
        ("Product Manager", "Technical Product Manager", "Product Owner"),
        {2: "Product Lead", 3: "Product Lead", 4: "Group Product Manager",
         5: "Senior Group Product Manager", 6: "Director of Product"},
        "VP of Product",
        ("Payments", "Onboarding", "Growth", "Platform", "Mobile", "Enterprise", "Analytics",
         "Marketplace", "Core Experience", "Monetization", "Trust & Safety", "Collaboration"),
        ("Product", "Experience", "Discovery", "Delivery", "Squad", "Journeys"),
        ("Product Strategy", "Roadmapping", "User Research", "A/B Testing", "Jira",
         "Prioritization", "Product Analytics", "Go-to-Market", "Requirements Writing",
         "Pricing"),
        ladder={1: ("Associate Product Manager",), 2: ("Product Manager",),
                3: ("Senior Product Manager", "Senior Technical Product Manager"),
                4: ("Lead Product Manager",), 5: ("Principal Product Manager",),
                6: ("Principal Product Manager",)},
    ),
    "Marketing": _Dept(
        0.07,
        ("Marketing Manager", "Content Strategist", "Growth Marketer", "Product Marketing Manager",
         "Brand Designer", "Marketing Operations Specialist", "Communications Specialist"),
        {2: "Marketing Team Lead", 3: "Marketing Team Lead", 4: "Group Marketing Manager",
         5: "Senior Marketing Manager", 6: "Director of Marketing"},
        "VP of Marketing",
        ("Brand", "Growth Marketing", "Product Marketing", "Demand Generation", "Content",
         "Events", "Communications", "Lifecycle", "Partner Marketing", "Field Marketing"),
        ("Team", "Studio", "Programs", "Campaigns", "Operations", "Strategy"),
        ("SEO", "Content Marketing", "Copywriting", "Google Analytics", "HubSpot", "Brand Strategy",
         "Paid Acquisition", "Marketing Automation", "Event Management", "Social Media"),
    ),
    "Customer Success": _Dept(
        0.09,
        ("Customer Success Manager", "Support Engineer", "Implementation Consultant",
         "Technical Account Manager", "Customer Support Specialist"),
        {2: "Support Team Lead", 3: "Customer Success Team Lead", 4: "Manager, Customer Success",
         5: "Senior Manager, Customer Success", 6: "Director of Customer Success"},
        "VP of Customer Success",
        ("Enterprise Success", "Support EMEA", "Support Americas", "Support APAC", "Onboarding",
         "Technical Support", "Renewals", "Customer Education", "Premium Support",
         "Professional Services"),
        ("Team", "Pod", "Desk", "Squad", "Tier 1", "Tier 2", "Escalations"),
        ("Customer Onboarding", "Zendesk", "Churn Reduction", "Account Management",
         "Technical Troubleshooting", "Customer Training", "Escalation Management", "Gainsight",
         "Customer Advocacy"),
        ladder={1: ("Customer Support Specialist", "Associate Customer Success Manager"),
                2: ("Customer Success Manager", "Support Engineer", "Implementation Consultant"),
                3: ("Senior Customer Success Manager", "Senior Support Engineer",
                    "Technical Account Manager"),
                4: ("Lead Customer Success Manager", "Senior Technical Account Manager"),
                5: ("Principal Customer Success Manager", "Principal Support Engineer"),
                6: ("Principal Customer Success Manager",)},
    ),
    "Operations": _Dept(
        0.08,
        ("Operations Analyst", "Program Manager", "Procurement Specialist", "IT Support Specialist",
         "Business Operations Analyst", "Workplace Coordinator", "Supply Chain Analyst"),
        {2: "Operations Team Lead", 3: "Operations Team Lead", 4: "Operations Manager",
         5: "Senior Operations Manager", 6: "Director of Operations"},
        "VP of Operations",
        ("Business Operations", "IT", "Procurement", "Workplace", "Strategy & Planning",
         "Revenue Operations", "Supply Chain", "Vendor Management", "Internal Tools", "Security Ops"),
        ("Team", "Services", "Programs", "Desk", "Planning", "Operations"),
        ("Process Improvement", "Vendor Management", "Procurement", "Lean Six Sigma",
         "Program Management", "IT Service Management", "Supply Chain", "Budgeting",
         "Business Analysis"),
    ),
    "Finance": _Dept(
        0.05,
        ("Financial Analyst", "Accountant", "FP&A Analyst", "Tax Specialist", "Treasury Analyst",
         "Payroll Specialist"),
        {2: "Finance Team Lead", 3: "Finance Team Lead", 4: "Finance Manager", 5: "Controller",
         6: "Director of Finance"},
        "Chief Financial Officer",
        ("FP&A", "Accounting", "Tax", "Treasury", "Revenue Accounting", "Payroll",
         "Investor Relations", "Procurement Finance"),
        ("Team", "Operations", "Reporting", "Planning", "Close", "Controls"),
        ("Financial Modeling", "Forecasting", "GAAP", "NetSuite", "Budgeting", "Tax Compliance",
         "Audit", "Treasury Management", "Revenue Recognition", "Variance Analysis"),
    ),
    "People": _Dept(
        0.05,
        ("HR Business Partner", "Recruiter", "People Operations Specialist", "Talent Partner",
         "Learning & Development Specialist", "Compensation Analyst"),
        {2: "People Team Lead", 3: "Recruiting Team Lead", 4: "People Operations Manager",
         5: "Senior HR Manager", 6: "Director of People"},
        "Chief People Officer",
        ("Talent Acquisition", "People Operations", "Learning & Development", "Total Rewards",
         "HR Business Partners", "Diversity & Inclusion", "Employer Brand", "People Analytics"),
        ("Team", "Programs", "Partners", "Operations", "Hub"),
        ("Recruiting", "Employee Relations", "Workday", "Compensation Planning",
         "Learning Design", "Coaching", "Onboarding", "Performance Management",
         "Organizational Development", "Sourcing"),
    ),
    "Data": _Dept(
        0.07,
        ("Data Scientist", "Data Engineer", "Data Analyst", "Machine Learning Engineer",
         "Analytics Engineer"),
        {2: "Data Team Lead", 3: "Data Team Lead", 4: "Data Science Manager",
         5: "Senior Manager, Data", 6: "Director of Data Science"},
        "VP of Data",
        ("Analytics", "Machine Learning", "Data Engineering", "Experimentation", "Forecasting",
         "Personalization", "Risk Modeling", "Business Intelligence", "Data Governance"),
        ("Platform", "Insights", "Modeling", "Pipelines", "Research", "Lab", "Science"),
        ("Python", "Machine Learning", "Statistics", "Spark", "dbt", "Airflow", "Tableau",
         "Deep Learning", "Experimentation", "Causal Inference", "Snowflake", "Pandas"),
    ),
    "Design": _Dept(
        0.04,
        ("Product Designer", "UX Researcher", "UX Writer", "Visual Designer", "Interaction Designer"),
        {2: "Design Lead", 3: "Design Lead", 4: "Design Manager", 5: "Senior Design Manager",
         6: "Director of Design"},
        "Head of Design",
        ("Design Systems", "Product Design", "Research", "Brand Design", "Content Design",
         "Mobile Design", "Accessibility"),
        ("Studio", "Team", "Lab", "Guild", "Practice"),
        ("Figma", "Prototyping", "User Research", "Interaction Design", "Design Systems",
         "Usability Testing", "Accessibility", "Visual Design", "Information Architecture",
         "UX Writing"),
    ),
    "Legal": _Dept(
        0.03,
        ("Counsel",),
        {2: "Legal Team Lead", 3: "Legal Team Lead", 4: "Legal Manager", 5: "Associate General Counsel",
         6: "Deputy General Counsel"},
        "General Counsel",
        ("Commercial Legal", "Privacy", "Employment Law", "Corporate Legal", "Compliance",
         "Intellectual Property", "Regulatory"),
        ("Team", "Counsel", "Practice", "Desk"),
        ("Contract Negotiation", "Privacy Law", "GDPR", "Compliance", "Intellectual Property",
         "Employment Law", "Corporate Governance", "Litigation", "Regulatory Affairs"),
        ladder={1: ("Paralegal", "Legal Operations Specialist"), 2: ("Corporate Counsel",),
                3: ("Senior Corporate Counsel", "Privacy Counsel"), 4: ("Lead Counsel",),
                5: ("Senior Counsel",), 6: ("Senior Counsel",)},
    ),
}

# Order in which departments appear as the organisation grows (small companies first hire
# engineers and sales people).  Design sits under the head of Product, which keeps the CEO
# at 10 direct reports with all 11 departments.
_DEPT_PRIORITY = ("Engineering", "Sales", "Product", "Marketing", "Customer Success",
                  "Operations", "Finance", "People", "Data", "Design", "Legal")
_NESTED = {"Design": "Product"}

_CROSS_SKILLS = ("SQL", "Public Speaking", "Project Management", "Stakeholder Management",
                 "Data Analysis", "Excel", "Agile", "Mentoring", "Technical Writing",
                 "Presentation Skills", "Cross-functional Leadership", "Spanish", "German")
_MANAGER_SKILLS = ("People Management", "Leadership", "Hiring", "Coaching")
_INTERESTS = ("Open Source", "Machine Learning", "Running", "Photography", "Diversity & Inclusion",
              "Climate Tech", "Startups", "Chess", "Cooking", "Hiking", "Music", "Volunteering",
              "Public Policy", "Writing", "Design Systems", "Cycling", "Board Games", "Podcasts",
              "Mentoring", "Yoga", "Travel", "Gardening", "Behavioral Economics", "Fintech",
              "Healthcare Innovation", "Sustainability", "Robotics", "Reading", "Languages",
              "Angel Investing")

_PROGRAMS = ("Leadership Track", "Engineering Mentorship", "Women in Tech", "New Manager Program",
             "Sales Academy", "Career Accelerator", "Emerging Leaders", "Cross-Functional Exchange",
             "Data Guild Mentoring", "Inclusion Circles")

_CODENAMES = ("Atlas", "Phoenix", "Orion", "Helios", "Mercury", "Apollo", "Nimbus", "Aurora",
              "Borealis", "Cascade", "Comet", "Falcon", "Horizon", "Juniper", "Kestrel", "Lighthouse",
              "Meridian", "Nebula", "Odyssey", "Pegasus", "Quasar", "Redwood", "Sequoia", "Sierra",
              "Tango", "Titan", "Vanguard", "Voyager", "Zephyr", "Beacon", "Compass", "Everest",
              "Glacier", "Harbor", "Ironclad", "Jade", "Keystone", "Lantern", "Monsoon", "Northstar",
              "Obsidian", "Polaris", "Quill", "Raven", "Sapphire", "Thunderbird", "Unity", "Vertex",
              "Willow", "Yukon", "Zenith", "Anchor", "Bluebird", "Cobalt", "Drift", "Ember", "Fjord",
              "Granite", "Hummingbird", "Indigo", "Jetstream", "Kraken", "Lynx", "Mosaic", "Nova",
              "Onyx", "Prism", "Quartz", "Ridgeline", "Spire", "Tundra", "Umbra", "Velvet",
              "Wavelength", "Xenon", "Yarrow", "Zodiac", "Acorn", "Basalt", "Citadel", "Dynamo")
_CODE_ADJECTIVES = ("Blue", "Crimson", "Silver", "Golden", "Silent", "Rapid", "Bright", "Hidden",
                    "Iron", "Emerald", "Scarlet", "Amber", "Swift", "Quiet", "Bold", "Frozen",
                    "Electric", "Lunar", "Solar", "Velvet")

# Company names: root = first part + second part ("North" + "wind"), then an optional sector
# word and a legal suffix.  Suffixes avoid inner dots ("S.A.") so that the usual
# normalisation (case, punctuation, trailing legal words) folds every variant to one key.
_CO_FIRST = ("North", "Blue", "Silver", "Iron", "Bright", "Cedar", "Summit", "Stone", "River",
             "Clear", "Red", "Oak", "Pine", "Star", "Sun", "Green", "Harbor", "Maple", "Falcon",
             "Crystal", "Golden", "West", "East", "High", "Quick", "True", "Bold", "Deep", "Wide",
             "Swift", "Prime", "Nova", "Terra", "Aqua", "Vita", "Omni", "Zen", "Apex", "Lumen",
             "Astra")
_CO_SECOND = ("wind", "peak", "stone", "field", "bridge", "gate", "point", "line", "works",
              "forge", "wave", "spring", "brook", "ridge", "light", "path", "crest", "vale",
              "port", "mark", "leaf", "hill", "core", "scale", "shift", "loop", "grid", "bay",
              "view", "dale")
_CO_SECTOR = ("", "", "", "Systems", "Labs", "Analytics", "Health", "Logistics", "Capital", "Foods",
              "Energy", "Software", "Partners", "Group", "Technologies", "Media", "Robotics",
              "Networks", "Consulting", "Bank", "Insurance", "Retail", "Games", "Biotech",
              "Solutions", "Digital", "Holdings", "Pharma", "Airlines", "Motors")
_CO_SUFFIX = (", Inc.", " Inc", " Inc.", " Ltd", " Ltd.", " LLC", " GmbH", " AG", " plc",
              " Corp.", " Corporation", " Limited", " SA", " BV", " Pty Ltd", " Oy", " AB", "")
_CO_FAMOUS = ("Initech", "Globex", "Umbrella", "Hooli", "Vandelay Industries", "Acme", "Soylent",
              "Cyberdyne Systems", "Tyrell", "Wonka Industries", "Stark Industries",
              "Wayne Enterprises", "Pied Piper", "Massive Dynamic", "Oscorp", "Aperture Science",
              "Dunder Mifflin", "Prestige Worldwide", "Gringotts", "Monsters", "Nakatomi Trading",
              "Sterling Cooper", "Bluth Development", "Vehement Capital", "Gekko Partners")
_LEGAL_WORDS = frozenset(("inc", "incorporated", "ltd", "limited", "llc", "llp", "plc", "gmbh",
                          "ag", "sa", "sas", "bv", "nv", "co", "corp", "corporation", "company",
                          "oy", "ab", "srl", "spa", "pty", "kg"))
_EMPLOYER_NAMES = ("Brightwave Technologies, Inc.", "Lumenfield Inc.", "Northgate Labs, Inc.",
                   "Clearpath Software Ltd", "Cedarline Systems, Inc.")

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# Capacity of a subtree rooted at a level: with at most 10 reports and levels strictly falling
# along every reporting line, a level-L manager can have at most _CAP[L] people below them.
_CAP = {1: 0}
for _lvl in range(2, CEO_LEVEL + 1):
    _CAP[_lvl] = MAX_SPAN * (1 + _CAP[_lvl - 1])
del _lvl


# --------------------------------------------------------------------------------------
# Small helpers.
# --------------------------------------------------------------------------------------

def _rng(seed: int, phase: str) -> Random:
    """An independent stream per phase, so phases do not disturb each other's draws."""
    return Random(f"{seed}:{phase}")


_TRANSLIT = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss",
                           "æ": "ae", "Æ": "AE", "đ": "d", "Đ": "D", "œ": "oe"})


def _ascii(text: str) -> str:
    """Plain ASCII for e-mail addresses and URLs ("Łukasiewicz" -> "Lukasiewicz")."""
    text = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
    return text.encode("ascii", "ignore").decode()


def _email_stem(first: str, last: str) -> str:
    """``first.last`` in lower-case letters and digits only."""
    def clean(s: str) -> str:
        return re.sub(r"[^a-z0-9]", "", _ascii(s).lower())
    return f"{clean(first)}.{clean(last)}"


def _url_slug(first: str, last: str) -> str:
    """LinkedIn-style slug: ``ana-garcia``."""
    return re.sub(r"[^a-z0-9]+", "-", _ascii(f"{first} {last}").lower()).strip("-")


def _iso(day: int) -> str:
    return date.fromordinal(day).isoformat()


def _linkedin_date(day: int) -> str:
    """``15 Mar 2024`` independent of the process locale."""
    d = date.fromordinal(day)
    return f"{d.day:02d} {_MONTHS[d.month - 1]} {d.year}"


def _weighted_index(rng: Random, cumulative: Sequence[float]) -> int:
    """Index drawn with the weights behind ``cumulative`` (a running sum)."""
    x = rng.random() * cumulative[-1]
    lo, hi = 0, len(cumulative) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cumulative[mid] > x:
            hi = mid
        else:
            lo = mid + 1
    return lo


def _cumulative(weights: Iterable[float]) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


def _fold_org(name: str) -> str:
    """Same folding an importer applies (case, punctuation, trailing legal words)."""
    words = re.sub(r"[^a-z0-9&]+", " ", _ascii(name).lower()).split()
    while len(words) > 1 and words[-1] in _LEGAL_WORDS:
        words.pop()
    return " ".join(words)


# --------------------------------------------------------------------------------------
# The organisation chart.
# --------------------------------------------------------------------------------------

class _Person:
    """One employee while the organisation is being built (mutable, slots for 100k+)."""

    __slots__ = ("idx", "pid", "first", "last", "email", "title", "dept", "team", "location",
                 "level", "manager", "dotted", "reports", "area", "join", "career")

    def __init__(self, idx: int, level: int, dept: str, manager: int, location: str):
        self.idx = idx
        self.pid = f"E{idx + 1:06d}"
        self.first = self.last = self.email = self.title = self.team = self.area = ""
        self.dept = dept
        self.location = location
        self.level = level
        self.manager = manager
        self.dotted = -1
        self.reports: list[int] = []
        self.join = 0
        self.career = 0


def _split(rng: Random, total: int, parts: int, lo: int, hi: int) -> list[int]:
    """``parts`` integers in [lo, hi] summing to ``total``, roughly equal with jitter."""
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    extra = total - lo * parts
    wsum = sum(weights)
    sizes = [lo + int(extra * w / wsum) for w in weights]
    left = total - sum(sizes)
    j = rng.randrange(parts)
    while left > 0:
        sizes[j % parts] += 1
        left -= 1
        j += 1
    # Push any overflow above ``hi`` into parts that still have room.
    for i in range(parts):
        over = sizes[i] - hi
        k = 0
        while over > 0:
            room = hi - sizes[k]
            if room > 0:
                step = min(room, over)
                sizes[k] += step
                sizes[i] -= step
                over -= step
            k += 1
    return sizes


def _plan_children(rng: Random, level: int, descendants: int, fixed: int) -> list[int]:
    """Subtree sizes of the new direct reports of a level-``level`` manager.

    The manager already has ``fixed`` reports and must end up with 3..10 in total while
    ``descendants`` more people are placed below them.  A size of 1 is an individual
    contributor; a manager child of size ``c`` gets ``c - 1 >= 3`` people below, which is
    what guarantees the span rule all the way down.
    """
    if descendants == 0:
        return []
    slots = MAX_SPAN - fixed
    need = max(0, MIN_SPAN - fixed)
    if descendants <= slots:
        if descendants < need:
            raise AssertionError("planner produced a subtree too small for a manager")
        return [1] * descendants                      # a flat team
    if level <= 2:
        raise ValueError("organisation too large for the level range")
    cap_child = _CAP[level - 1] + 1
    # Branching needed to fit the subtree into the levels left, or a natural 4..8.
    target = max(rng.randint(4, 8), math.ceil(descendants ** (1.0 / max(1, level - 2))))
    ics = 0
    if descendants > 30 and level >= 4:
        ics = rng.choices((0, 1, 2), (70, 20, 10))[0]   # staff-level ICs beside sub-teams
    for i in (ics, 0, 1, 2, 3):
        rest = descendants - i
        lo_m = max(math.ceil(rest / cap_child), need - i, 1)
        hi_m = min(slots - i, rest // 4)
        if lo_m <= hi_m:
            preferred = min(target - i, max(1, round(rest / 7.5)))
            managers = min(max(preferred, lo_m), hi_m)
            return _split(rng, rest, managers, 4, cap_child) + [1] * i
    raise ValueError("organisation too large for the level range")


_FRONTLINE_LEVELS = (3, 4, 4, 4, 4, 5, 5)
# How common each individual-contributor level is, within what the manager's level allows:
# most ICs are mid-level, few are principal.
_IC_LEVEL_WEIGHT = {1: 3.0, 2: 4.0, 3: 4.0, 4: 2.0, 5: 1.0, 6: 0.4}


class _OrgBuilder:
    """Grows the reporting tree top-down from planned subtree sizes."""

    def __init__(self, rng: Random, cities: list[str], city_weights: list[float]):
        self.rng = rng
        self.people: list[_Person] = []
        self.cities = cities
        self.city_cum = _cumulative(city_weights)
        self.used_teams: set[str] = set()
        self.area_cycle: dict[str, list[str]] = {}

    def city(self, near: str, keep: float) -> str:
        """Usually the manager's city: teams are mostly co-located."""
        if near and self.rng.random() < keep:
            return near
        return self.cities[_weighted_index(self.rng, self.city_cum)]

    def add(self, level: int, dept: str, manager: int, location: str) -> int:
        p = _Person(len(self.people), level, dept, manager, location)
        self.people.append(p)
        if manager >= 0:
            self.people[manager].reports.append(p.idx)
        return p.idx

    def unique_team(self, name: str) -> str:
        """Team names are unique so that importers grouping by team get real teams."""
        if name not in self.used_teams:
            self.used_teams.add(name)
            return name
        n = 2
        while f"{name} {n}" in self.used_teams:
            n += 1
        self.used_teams.add(f"{name} {n}")
        return f"{name} {n}"

    def next_area(self, dept: str) -> str:
        """Areas cycle through the department's list in a seeded order."""
        cycle = self.area_cycle.get(dept)
        if not cycle:
            cycle = list(_DEPARTMENTS[dept].areas)
            self.rng.shuffle(cycle)
            self.area_cycle[dept] = cycle
        return cycle.pop()

    def name_team(self, idx: int, frontline: bool) -> None:
        p = self.people[idx]
        spec = _DEPARTMENTS[p.dept]
        boss = self.people[p.manager] if p.manager >= 0 else None
        if boss is None or not boss.area or boss.dept != p.dept:
            p.area = self.next_area(p.dept)
            if not frontline:
                p.team = self.unique_team(p.area)
                return
        else:
            p.area = boss.area
        fresh = [sfx for sfx in spec.suffixes if f"{p.area} {sfx}" not in self.used_teams]
        sfx = self.rng.choice(fresh) if fresh else self.rng.choice(spec.suffixes)
        p.team = self.unique_team(f"{p.area} {sfx}")

    def grow(self, idx: int, descendants: int) -> None:
        """Place ``descendants`` people below ``idx`` (which may already have reports)."""
        rng = self.rng
        boss = self.people[idx]
        sizes = _plan_children(rng, boss.level, descendants, len(boss.reports))
        frontline = all(c == 1 for c in sizes)
        if frontline and boss.team.endswith(" Leadership") and boss.manager >= 0:
            self.name_team(idx, frontline=True)      # a small department is one real team
        for c in sizes:
            if c == 1:
                lo = max(1, boss.level - (4 if frontline else 2))
                levels = list(range(lo, min(6, boss.level - 1) + 1))
                level = rng.choices(levels, [_IC_LEVEL_WEIGHT[lv] for lv in levels])[0]
                child = self.add(level, boss.dept, idx, self.city(boss.location, 0.85))
                self.people[child].team = boss.team
            else:
                d = c - 1
                if d <= MAX_SPAN:
                    level = max(2, min(boss.level - 1, rng.choice(_FRONTLINE_LEVELS)))
                else:
                    level = boss.level - 1
                child = self.add(level, boss.dept, idx, self.city(boss.location, 0.7))
                self.name_team(child, frontline=d <= MAX_SPAN)
                self.grow(child, d)


def _department_sizes(staff: int) -> dict[str, int] | None:
    """Headcount per department (heads included) for ``staff`` non-CEO people.

    Uses as many departments as possible while each keeps at least 4 people (a head with 3
    reports).  ``None`` when even three departments do not fit: tiny organisations are
    grown as one tree under the CEO instead.
    """
    for count in range(len(_DEPT_PRIORITY), 2, -1):
        names = _DEPT_PRIORITY[:count]
        weights = [_DEPARTMENTS[d].weight for d in names]
        total = sum(weights)
        raw = [staff * w / total for w in weights]
        sizes = [int(r) for r in raw]
        order = sorted(range(count), key=lambda i: (-(raw[i] - sizes[i]), i))
        for i in order[: staff - sum(sizes)]:
            sizes[i] += 1
        if min(sizes) >= 4:
            return dict(zip(names, sizes))
    return None


def _build_org(n: int, seed: int) -> list[_Person]:
    """The reporting tree with departments, teams, levels and locations."""
    rng = _rng(seed, "org")
    pool = sorted(_CITIES)
    rng.shuffle(pool)
    hq = ["San Francisco", "New York", "London", "Berlin"][rng.randrange(4)]
    cities = [hq] + [c for c in pool if c != hq][: rng.randint(5, 7)]
    weights = [_CITIES[c][0] * (2.0 if c == hq else 1.0) for c in cities]
    b = _OrgBuilder(rng, cities, weights)
    ceo = b.add(CEO_LEVEL, "Executive", -1, hq)
    b.people[ceo].team = "Executive Leadership"
    sizes = _department_sizes(n - 1)
    if sizes is None:
        # Tiny company: one tree under the CEO, departments by top-level branch.
        _grow_tiny(b, ceo, n - 1)
        return b.people
    heads: dict[str, int] = {}
    for dept in sizes:
        parent = heads[_NESTED[dept]] if dept in _NESTED else ceo
        level = CEO_LEVEL - 1 if parent == ceo else CEO_LEVEL - 2
        head = b.add(level, dept, parent, b.city(hq, 0.7))
        b.people[head].team = b.unique_team(f"{dept} Leadership")
        heads[dept] = head
    # Nested departments first: their heads are fixed reports of their parent's head.
    for dept in sorted(heads, key=lambda d: d not in _NESTED):
        b.grow(heads[dept], sizes[dept] - 1)
    return b.people


def _grow_tiny(b: _OrgBuilder, ceo: int, staff: int) -> None:
    """Organisations below ~30 people: plan from the CEO, give each branch a department."""
    sizes = _plan_children(b.rng, CEO_LEVEL, staff, 0) if staff >= MIN_SPAN else [1] * staff
    for i, c in enumerate(sizes):
        dept = _DEPT_PRIORITY[i % len(_DEPT_PRIORITY)]
        if c == 1:
            child = b.add(b.rng.randint(4, 6), dept, ceo, b.city(b.people[ceo].location, 0.8))
            b.people[child].team = "Executive Leadership"
        else:
            child = b.add(CEO_LEVEL - 1, dept, ceo, b.people[ceo].location)
            b.people[child].team = b.unique_team(f"{dept} Leadership")
            b.grow(child, c - 1)


def _ic_title(rng: Random, dept: str, level: int) -> str:
    spec = _DEPARTMENTS.get(dept)
    if spec is None:
        return "Chief of Staff"
    if level in spec.ladder:
        return rng.choice(spec.ladder[level])
    return _LEVEL_PREFIX[spec.prefixes][level] + rng.choice(spec.roles)


def _title(rng: Random, p: _Person, people: list[_Person]) -> str:
    """Title from department, level and whether the person manages anyone."""
    if p.manager < 0:
        return "Chief Executive Officer"
    spec = _DEPARTMENTS[p.dept]
    boss = people[p.manager]
    if p.reports and (boss.dept != p.dept or boss.manager < 0):
        return spec.head
    if p.reports:
        return spec.managers[min(6, p.level)]
    return _ic_title(rng, p.dept, p.level)


def _assign_identity(people: list[_Person], seed: int) -> None:
    """Names, unique e-mails, titles and start dates."""
    rng = _rng(seed, "identity")
    region_cum = {c: _cumulative(w for w in _CITIES[c][1]) for c in _CITIES}
    all_groups = [g for groups in _NAMES.values() for g in groups]
    emails: dict[str, int] = {}
    taken: set[tuple[str, str]] = set()
    for p in people:
        # Redraw a few times on a name clash: a 200-person demo with two "Ananya Joshi"s
        # confuses people; at 100k, namesakes are real and the retries simply run out.
        for _ in range(4):
            region = _REGIONS[_weighted_index(rng, region_cum[p.location])]
            firsts, lasts = rng.choice(_NAMES[region])
            p.first = rng.choice(firsts)
            if rng.random() < 0.08:                  # mixed heritage, married names, ...
                lasts = rng.choice(all_groups)[1]
            p.last = rng.choice(lasts)
            if (p.first, p.last) not in taken:
                break
        taken.add((p.first, p.last))
        stem = _email_stem(p.first, p.last)
        n = emails.get(stem, 0) + 1
        emails[stem] = n
        p.email = f"{stem}{n if n > 1 else ''}@example.com"
        p.title = _title(rng, p, people)
        # A career: years of experience grow with level; part of it spent here.
        experience = int(365 * (0.5 + 2.5 * (p.level - 1) + rng.uniform(0.0, 10.0)))
        tenure = max(30, min(int(experience * rng.betavariate(1.3, 2.6)), 12 * 365))
        p.join = _AS_OF - tenure
        p.career = _AS_OF - experience
    # The CEO founded the company: nobody was there before them.
    people[0].join = min(p.join for p in people) - 30
    people[0].career = min(people[0].career, people[0].join - 6 * 365)


def _assign_dotted(people: list[_Person], seed: int) -> None:
    """~3% get a dotted-line manager: a more senior manager in another department.

    Strictly higher level keeps solid and dotted lines together acyclic.
    """
    rng = _rng(seed, "dotted")
    managers = [p.idx for p in people if p.reports and p.manager >= 0]
    if len(people) < 10 or not managers:
        return
    for p in people:
        if p.manager < 0 or rng.random() >= 0.03:
            continue
        for _ in range(12):
            m = people[managers[rng.randrange(len(managers))]]
            if m.dept != p.dept and m.level > p.level and m.idx != p.manager:
                p.dotted = m.idx
                break


# --------------------------------------------------------------------------------------
# people.csv
# --------------------------------------------------------------------------------------

@dataclass
class _Profile:
    skills: list[str]
    interests: list[str]
    linkedin_url: str
    active: bool
    open_to_intros: bool


def _build_profiles(people: list[_Person], seed: int) -> list[_Profile]:
    """Skills from the department's vocabulary, a few cross-over skills and interests."""
    rng = _rng(seed, "profiles")
    slugs: set[str] = set()
    out = []
    for p in people:
        spec = _DEPARTMENTS.get(p.dept)
        own = spec.skills if spec else ("Strategy", "Leadership", "Fundraising", "Public Speaking")
        k = rng.randint(3, 6)
        cross = rng.choice((0, 1, 1, 2))
        skills = rng.sample(own, min(len(own), max(1, k - cross)))
        if p.reports and rng.random() < 0.6:
            skills.append(rng.choice(_MANAGER_SKILLS))
        for s in rng.sample(_CROSS_SKILLS, cross):
            if s not in skills:
                skills.append(s)
        skills = skills[:6]
        interests = rng.sample(_INTERESTS, rng.randint(1, 3))
        url = ""
        if rng.random() < 0.8 or p.manager < 0:
            base = _url_slug(p.first, p.last)
            slug = base if base not in slugs and rng.random() < 0.4 else ""
            while not slug or slug in slugs:
                slug = f"{base}-{rng.getrandbits(32):08x}"
            slugs.add(slug)
            url = f"https://www.linkedin.com/in/{slug}"
        active = not (not p.reports and rng.random() < 0.024)  # leavers: ICs, ~2% overall
        open_ = rng.random() >= 0.05
        out.append(_Profile(skills, interests, url, active, open_))
    return out


# --------------------------------------------------------------------------------------
# relationships.csv: cross-department projects and KNOWS.
# --------------------------------------------------------------------------------------

def _codenames(rng: Random) -> Iterable[str]:
    """Unique project names: single code names, then two-word ones, then numbered."""
    singles = list(_CODENAMES)
    rng.shuffle(singles)
    yield from (f"Project {w}" for w in singles)
    doubles = [f"{a} {w}" for a in _CODE_ADJECTIVES for w in _CODENAMES]
    rng.shuffle(doubles)
    yield from (f"Project {w}" for w in doubles)
    n = 2
    while True:
        for w in doubles:
            yield f"Project {w} {n}"
        n += 1


def _build_projects(people: list[_Person], seed: int) -> list[tuple]:
    """Cross-department project teams of 4..8: one WORKED_WITH row per pair.

    Members cluster by location (projects are staffed locally more often than not) and
    nobody takes part in more than MAX_PROJECT_PAIRS pairs, so degrees stay moderate.
    """
    rng = _rng(seed, "projects")
    n = len(people)
    if n < 8:
        return []
    by_loc: dict[str, list[int]] = {}
    for p in people:
        by_loc.setdefault(p.location, []).append(p.idx)
    pairs_of = [0] * n
    count_of = [0] * n
    rows: list[tuple] = []
    names = _codenames(rng)
    for _ in range(int(n * 0.3) + 1):
        size = rng.randint(4, 8)
        anchor = rng.randrange(n)
        local = by_loc[people[anchor].location]
        members = [anchor]
        tries = 0
        while len(members) < size and tries < size * 8:
            tries += 1
            cand = local[rng.randrange(len(local))] if rng.random() < 0.6 else rng.randrange(n)
            if (cand in members or pairs_of[cand] + size - 1 > MAX_PROJECT_PAIRS
                    or count_of[cand] >= MAX_PROJECTS_PER_PERSON):
                continue
            members.append(cand)
        if pairs_of[anchor] + len(members) - 1 > MAX_PROJECT_PAIRS or len(members) < 4:
            continue
        if len({people[m].dept for m in members}) < 2:
            continue                                   # projects are cross-department
        start_lo = max(people[m].join for m in members)
        since = rng.randint(start_lo, max(start_lo, _AS_OF - 30))
        end = since + rng.randint(60, 540)
        until = _iso(end) if end < _AS_OF else ""
        context = next(names)
        for m in members:
            pairs_of[m] += len(members) - 1
            count_of[m] += 1
        since_s = _iso(since)
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                inter = 1 + int(199 * rng.random() ** 2.5)
                rows.append((people[members[i]].pid, people[members[j]].pid, "WORKED_WITH",
                             since_s, until, context, inter))
    return rows


def _build_knows(people: list[_Person], seed: int) -> list[tuple]:
    """About one KNOWS tie per person, mostly within a department or a city."""
    rng = _rng(seed, "knows")
    n = len(people)
    if n < 3:
        return []
    by_dept: dict[str, list[int]] = {}
    by_loc: dict[str, list[int]] = {}
    for p in people:
        by_dept.setdefault(p.dept, []).append(p.idx)
        by_loc.setdefault(p.location, []).append(p.idx)
    seen: set[tuple[int, int]] = set()
    rows = []
    for _ in range(n):
        a = rng.randrange(n)
        r = rng.random()
        group = by_dept[people[a].dept] if r < 0.5 else by_loc[people[a].location] if r < 0.8 else None
        b = group[rng.randrange(len(group))] if group else rng.randrange(n)
        key = (a, b) if a < b else (b, a)
        if a == b or key in seen or people[a].manager == b or people[b].manager == a:
            continue
        seen.add(key)
        lo = max(people[a].join, people[b].join)
        since = rng.randint(lo, max(lo, _AS_OF - 1))
        rows.append((people[key[0]].pid, people[key[1]].pid, "KNOWS", _iso(since), "", "", ""))
    return rows


# --------------------------------------------------------------------------------------
# mentorships.csv
# --------------------------------------------------------------------------------------

def _build_mentorships(people: list[_Person], profiles: list[_Profile], seed: int) -> list[tuple]:
    """About 15% of people are mentees of a more senior, active colleague.

    Never the mentee's manager or skip-level manager (that is a reporting line, not
    mentoring); each mentor carries 1..4 mentees.
    """
    rng = _rng(seed, "mentors")
    by_level: dict[int, list[int]] = {}
    for p in people:
        if profiles[p.idx].active and p.manager >= 0:
            by_level.setdefault(p.level, []).append(p.idx)
    capacity: dict[int, int] = {}
    load: dict[int, int] = {}
    rows = []
    eligible = [p.idx for p in people if p.manager >= 0 and profiles[p.idx].active and p.level < 7]
    want = round(len(people) * 0.15)
    mentees = sorted(rng.sample(eligible, min(want, len(eligible))))
    for e in mentees:
        mentee = people[e]
        boss = mentee.manager
        skip = people[boss].manager if boss >= 0 else -1
        for _ in range(30):
            lvl = min(7, mentee.level + rng.choice((1, 1, 2, 2, 3)))
            pool = by_level.get(lvl)
            if not pool:
                continue
            m = pool[rng.randrange(len(pool))]
            if m in (boss, skip) or m == e:
                continue
            cap = capacity.setdefault(m, rng.choice((1, 2, 2, 3, 3, 4)))
            if load.get(m, 0) >= cap:
                continue
            load[m] = load.get(m, 0) + 1
            rows.append(_mentorship_row(rng, people[m], mentee))
            break
    return rows


def _mentorship_row(rng: Random, mentor: _Person, mentee: _Person) -> tuple:
    lo = max(mentor.join, mentee.join, _AS_OF - 3 * 365)
    since = rng.randint(lo, max(lo, _AS_OF - 14))
    year = date.fromordinal(since).year
    program = f"{rng.choice(_PROGRAMS)} {year}"
    end = since + rng.randint(120, 365)
    if end < _AS_OF and rng.random() < 0.7:
        return (mentor.pid, mentee.pid, _iso(since), _iso(end), "completed", program)
    return (mentor.pid, mentee.pid, _iso(since), "", "active", program)


# --------------------------------------------------------------------------------------
# positions.csv: former employers.
# --------------------------------------------------------------------------------------

def _build_companies(n_people: int, seed: int) -> tuple[list[str], list[float]]:
    """A pool of ~N/50 (at least 20) distinct companies and their hiring weights."""
    rng = _rng(seed, "companies")
    size = max(20, round(n_people / _PEOPLE_PER_COMPANY))
    employer_keys = {_fold_org(e) for e in _EMPLOYER_NAMES}
    seen: set[str] = set(employer_keys)
    names: list[str] = []
    famous = list(_CO_FAMOUS)
    rng.shuffle(famous)
    candidates = (f for f in famous)
    while len(names) < size:
        root = next(candidates, None)
        if root is None:
            root = rng.choice(_CO_FIRST) + rng.choice(_CO_SECOND)
            sector = rng.choice(_CO_SECTOR)
            root = f"{root} {sector}" if sector else root
        key = _fold_org(root)
        if key in seen:
            continue
        seen.add(key)
        names.append(root + rng.choice(_CO_SUFFIX))
    weights = [rng.uniform(0.4, 1.6) for _ in names]
    return names, weights


def _variant(rng: Random, name: str) -> str:
    """The same company written differently, as people type it ("initech inc")."""
    style = rng.randrange(4)
    if style == 0:
        return re.sub(r"[^a-z0-9& ]", "", name.lower()).strip()
    if style == 1:
        return name.upper()
    if style == 2:                                         # legal suffix dropped
        words = re.sub(r"[,.]", "", name).split()
        while len(words) > 1 and words[-1].lower() in _LEGAL_WORDS:
            words.pop()
        return " ".join(words)
    return name.replace(", ", " ").replace(".", "")


def _build_positions(people: list[_Person], companies: list[str], weights: list[float],
                     seed: int) -> list[tuple]:
    """Former employers for ~60% of people, 1..3 each, walking back from the join date.

    Rows are (person_idx, company_idx, written_name, title, since_ord, until_ord).
    """
    rng = _rng(seed, "positions")
    cum = _cumulative(weights)
    rows = []
    for p in people:
        years_before = (p.join - p.career) / 365
        if years_before < 0.75 or rng.random() >= _P_FORMER:
            continue
        k = min(3, int(years_before / 1.5) + 1, rng.choice((1, 1, 1, 2, 2, 3)))
        until = p.join - rng.randint(0, 120)
        used: list[int] = []
        for s in range(k):
            length = int(365 * rng.triangular(0.5, 3.5, 1.0))
            since = max(p.career, until - length)
            if until - since < 120:
                break
            c = _weighted_index(rng, cum)
            if c in used:
                continue
            used.append(c)
            name = companies[c] if rng.random() >= 0.12 else _variant(rng, companies[c])
            rows.append((p.idx, c, name, _former_title(rng, p, s), since, until))
            until = since - rng.randint(0, 400)
    return rows


_FOUNDER_TITLES = ("Chief Operating Officer", "General Manager", "Co-founder & CTO",
                   "SVP of Product", "Chief Revenue Officer")


def _former_title(rng: Random, p: _Person, steps_back: int) -> str:
    """A plausible earlier title: one level lower per job back, managers stay managers."""
    level = max(1, p.level - 1 - steps_back)
    if p.manager < 0:
        return rng.choice(_FOUNDER_TITLES)
    spec = _DEPARTMENTS[p.dept]
    if p.reports and level >= 3:
        return spec.head if level >= 7 else spec.managers[min(6, level)]
    return _ic_title(rng, p.dept, min(6, level))


def _overlap_pairs(positions: list[tuple], min_days: int = OVERLAP_DAYS) -> int:
    """Pairs of people who overlapped at least ``min_days`` at the same company."""
    by_company: dict[int, list[tuple[int, int, int]]] = {}
    for person, c, _name, _title, since, until in positions:
        by_company.setdefault(c, []).append((since, until, person))
    pairs: set[tuple[int, int]] = set()
    for stints in by_company.values():
        stints.sort()
        for i, (s_i, u_i, p_i) in enumerate(stints):
            for j in range(i + 1, len(stints)):
                s_j, u_j, p_j = stints[j]
                if s_j > u_i - min_days:
                    break
                if min(u_i, u_j) - s_j >= min_days and p_i != p_j:
                    pairs.add((p_i, p_j) if p_i < p_j else (p_j, p_i))
    return len(pairs)


# --------------------------------------------------------------------------------------
# LinkedIn Connections.csv
# --------------------------------------------------------------------------------------

def _build_linkedin(people: list[_Person], profiles: list[_Profile], companies: list[str],
                    seed: int) -> dict[str, list[tuple]]:
    """A few owners' connection exports: mostly colleagues, some outsiders.

    Colleague rows carry the colleague's linkedin_url (the join key an importer uses);
    e-mail addresses are mostly missing, as in real exports.
    """
    rng = _rng(seed, "linkedin")
    n = len(people)
    employer = _EMPLOYER_NAMES[rng.randrange(len(_EMPLOYER_NAMES))]
    with_url = [p.idx for p in people if profiles[p.idx].linkedin_url]
    candidates = [i for i in with_url if profiles[i].active and people[i].manager >= 0]
    owners_n = min(len(candidates), 3 if n < 5000 else min(10, 3 + n // 14000))
    owners = sorted(rng.sample(candidates, owners_n))
    by_dept: dict[str, list[int]] = {}
    for i in with_url:
        by_dept.setdefault(people[i].dept, []).append(i)
    used_urls = {profiles[i].linkedin_url for i in with_url}
    out: dict[str, list[tuple]] = {}
    for o in owners:
        owner = people[o]
        total = rng.randint(30, 200)
        want_in = min(len(with_url) - 1, round(total * rng.uniform(0.65, 0.85)))
        near = [i for i in (owner.manager, *owner.reports) if i >= 0 and profiles[i].linkedin_url]
        if owner.manager >= 0:
            near += [i for i in people[owner.manager].reports if profiles[i].linkedin_url]
        chosen: list[int] = []
        seen = {o}
        pools = (near, by_dept.get(owner.dept, []), with_url)
        tries = 0
        while len(chosen) < want_in and tries < want_in * 20:
            tries += 1
            r = rng.random()
            pool = pools[0] if r < 0.25 and near else pools[1] if r < 0.65 else pools[2]
            if not pool:
                continue
            i = pool[rng.randrange(len(pool))]
            if i in seen:
                continue
            seen.add(i)
            chosen.append(i)
        rows = []
        for i in chosen:
            c = people[i]
            lo = max(owner.join, c.join)
            on = rng.randint(lo, max(lo, _AS_OF - 1))
            email = c.email if rng.random() < 0.2 else ""
            rows.append((on, c.first, c.last, profiles[i].linkedin_url, email, employer, c.title))
        for _ in range(total - len(chosen)):
            rows.append(_outsider(rng, companies, used_urls))
        rows.sort(key=lambda r: (-r[0], r[1], r[2]))        # LinkedIn lists newest first
        out[owner.pid] = [(*r[1:], _linkedin_date(r[0])) for r in rows]
    return out


def _outsider(rng: Random, companies: list[str], used_urls: set[str]) -> tuple:
    """A connection outside the organisation, working at a pool company or elsewhere."""
    firsts, lasts = rng.choice(_NAMES[rng.choice(_REGIONS)])
    first, last = rng.choice(firsts), rng.choice(lasts)
    url = ""
    while not url or url in used_urls:
        url = f"https://www.linkedin.com/in/{_url_slug(first, last)}-{rng.getrandbits(32):08x}"
    used_urls.add(url)
    if rng.random() < 0.7:
        company = rng.choice(companies)
    else:
        company = f"{rng.choice(_CO_FIRST)}{rng.choice(_CO_SECOND)} {rng.choice(_CO_SECTOR[3:])}"
    dept = rng.choice(_DEPT_PRIORITY)
    position = _ic_title(rng, dept, rng.randint(1, 5))
    email = ""
    if rng.random() < 0.1:                       # the few who share their address
        domain = re.sub(r"[^a-z0-9]", "", _fold_org(company))[:20]
        email = f"{_email_stem(first, last)}@{domain}.com"
    on = rng.randint(date(2009, 1, 1).toordinal(), _AS_OF - 1)
    return (on, first, last, url, email, company, position)


# --------------------------------------------------------------------------------------
# Writing.
# --------------------------------------------------------------------------------------

def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def _orgchart_rows(people: list[_Person]) -> Iterable[tuple]:
    for p in people:
        yield (p.pid, p.first, p.last, p.email, p.title, p.dept, p.team, p.location, p.level,
               people[p.manager].pid if p.manager >= 0 else "",
               people[p.dotted].pid if p.dotted >= 0 else "")


def _people_rows(people: list[_Person], profiles: list[_Profile]) -> Iterable[tuple]:
    for p, pr in zip(people, profiles):
        yield (p.pid, ";".join(pr.skills), ";".join(pr.interests), pr.linkedin_url,
               "true" if pr.active else "false", "true" if pr.open_to_intros else "false")


def _write_linkedin(path: Path, rows: list[tuple]) -> None:
    """LinkedIn's own layout: BOM, ``Notes:``, the quoted note, a blank line, the table."""
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        f.write("Notes:\n")
        f.write(LINKEDIN_NOTE + "\n")
        f.write("\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(LINKEDIN_HEADER)
        w.writerows(rows)


def _tie_estimate(people: list[_Person], projects: list[tuple], knows: list[tuple],
                  mentorships: list[tuple], positions: list[tuple],
                  linkedin: dict[str, list[tuple]]) -> dict[str, int]:
    """Ties the import will create, by kind (evidence rows; a pair may appear in several)."""
    team = sum(len(p.reports) * (len(p.reports) - 1) // 2 for p in people)
    est = {
        "reports_to": sum(1 for p in people if p.manager >= 0),
        "dotted_line": sum(1 for p in people if p.dotted >= 0),
        "team": team,
        "project": len(projects),
        "mentorship": len(mentorships),
        "company_overlap": _overlap_pairs(positions),
        "knows": len(knows),
        "linkedin": sum(len(r) for r in linkedin.values()),
    }
    est["total"] = sum(est.values())
    return est


def generate(people: int, out_dir: Path, seed: int = 1,
             progress: Callable[[str], None] | None = None) -> GeneratedFiles:
    """Write a synthetic organisation of ``people`` employees as import files in ``out_dir``.

    Same ``seed`` and ``people`` give byte-identical files.  ``progress`` receives short
    status lines (phase and elapsed seconds), ending with the tie-count estimate, which is
    also returned in ``GeneratedFiles.ties``.
    """
    if people < 1:
        raise ValueError("people must be at least 1")
    say = progress or (lambda _msg: None)
    t0 = time.perf_counter()

    def step(msg: str) -> None:
        say(f"[{time.perf_counter() - t0:5.1f}s] {msg}")

    out_dir = Path(out_dir)
    (out_dir / "linkedin").mkdir(parents=True, exist_ok=True)

    org = _build_org(people, seed)
    _assign_identity(org, seed)
    _assign_dotted(org, seed)
    step(f"org chart: {len(org)} people, "
         f"{sum(1 for p in org if p.reports)} managers, {len({p.team for p in org})} teams")
    profiles = _build_profiles(org, seed)
    projects = _build_projects(org, seed)
    knows = _build_knows(org, seed)
    step(f"relationships: {len(projects)} project pairs, {len(knows)} KNOWS")
    mentorships = _build_mentorships(org, profiles, seed)
    companies, weights = _build_companies(people, seed)
    positions = _build_positions(org, companies, weights, seed)
    step(f"mentorships: {len(mentorships)}; positions: {len(positions)} at "
         f"{len(companies)} companies")
    linkedin = _build_linkedin(org, profiles, companies, seed)

    files = {name: out_dir / f"{name}.csv"
             for name in ("orgchart", "people", "relationships", "mentorships", "positions")}
    _write_csv(files["orgchart"], ORGCHART_HEADER, _orgchart_rows(org))
    _write_csv(files["people"], PEOPLE_HEADER, _people_rows(org, profiles))
    _write_csv(files["relationships"], RELATIONSHIPS_HEADER, projects + knows)
    _write_csv(files["mentorships"], MENTORSHIPS_HEADER, mentorships)
    _write_csv(files["positions"], POSITIONS_HEADER,
               ((org[p].pid, name, title, _iso(s), _iso(u))
                for p, _c, name, title, s, u in positions))
    li_dir = out_dir / "linkedin"
    li_paths = {}
    for owner, rows in linkedin.items():
        li_paths[owner] = li_dir / f"{owner}_Connections.csv"
        _write_linkedin(li_paths[owner], rows)
    # Connections files of an earlier run into the same directory would be imported
    # alongside ours; remove only files of exactly our naming pattern.
    for stale in sorted(li_dir.glob("E*_Connections.csv")):
        if re.fullmatch(r"E\d{6,}_Connections\.csv", stale.name) and \
                stale.name[:-len("_Connections.csv")] not in li_paths:
            stale.unlink()
    step(f"files written to {out_dir}")

    ties = _tie_estimate(org, projects, knows, mentorships, positions, linkedin)
    step("tie estimate: " + ", ".join(f"{k}={v}" for k, v in ties.items()))
    return GeneratedFiles(files["orgchart"], files["people"], files["relationships"],
                          files["mentorships"], files["positions"], li_paths, ties)
