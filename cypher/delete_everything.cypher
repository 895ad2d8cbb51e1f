// Empty the database in bounded transactions (run in an auto-commit transaction).
MATCH (n)
CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
