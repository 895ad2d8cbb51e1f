"""Departments: their share of the headcount, titles by level, team names and skills, and the
skills and interests anyone may have.

Kept as data so realism can be tuned without touching the algorithms.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from random import Random

@dataclass(frozen=True)
class Dept:
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

DEPARTMENTS: dict[str, Dept] = {
    "Engineering": Dept(
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
    "Sales": Dept(
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
    "Product": Dept(
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
    "Marketing": Dept(
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
    "Customer Success": Dept(
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
    "Operations": Dept(
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
    "Finance": Dept(
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
    "People": Dept(
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
    "Data": Dept(
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
    "Design": Dept(
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
    "Legal": Dept(
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
DEPT_PRIORITY = ("Engineering", "Sales", "Product", "Marketing", "Customer Success",
                 "Operations", "Finance", "People", "Data", "Design", "Legal")
NESTED = {"Design": "Product"}

CROSS_SKILLS = ("SQL", "Public Speaking", "Project Management", "Stakeholder Management",
                "Data Analysis", "Excel", "Agile", "Mentoring", "Technical Writing",
                "Presentation Skills", "Cross-functional Leadership", "Spanish", "German")
MANAGER_SKILLS = ("People Management", "Leadership", "Hiring", "Coaching")
INTERESTS = ("Open Source", "Machine Learning", "Running", "Photography", "Diversity & Inclusion",
             "Climate Tech", "Startups", "Chess", "Cooking", "Hiking", "Music", "Volunteering",
             "Public Policy", "Writing", "Design Systems", "Cycling", "Board Games", "Podcasts",
             "Mentoring", "Yoga", "Travel", "Gardening", "Behavioral Economics", "Fintech",
             "Healthcare Innovation", "Sustainability", "Robotics", "Reading", "Languages",
             "Angel Investing")


def ic_title(rng: Random, dept: str, level: int) -> str:
    spec = DEPARTMENTS.get(dept)
    if spec is None:
        return "Chief of Staff"
    if level in spec.ladder:
        return rng.choice(spec.ladder[level])
    return _LEVEL_PREFIX[spec.prefixes][level] + rng.choice(spec.roles)
