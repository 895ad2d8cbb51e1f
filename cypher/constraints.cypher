// Applied on every connect; each statement is idempotent (IF NOT EXISTS).
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (p:Person) REQUIRE p.person_id IS UNIQUE;
CREATE CONSTRAINT person_email IF NOT EXISTS FOR (p:Person) REQUIRE p.email IS UNIQUE;
CREATE CONSTRAINT organization_key IF NOT EXISTS FOR (o:Organization) REQUIRE o.key IS UNIQUE;
CREATE INDEX person_linkedin IF NOT EXISTS FOR (p:Person) ON (p.linkedin_url);
