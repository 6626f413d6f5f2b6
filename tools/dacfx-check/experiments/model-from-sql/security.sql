CREATE LOGIN [appLogin] WITH PASSWORD = N'Secret123!xyzAB';
GO
CREATE USER [appUser] FOR LOGIN [appLogin] WITH DEFAULT_SCHEMA = [app];
GO
CREATE USER [containedUser] WITH PASSWORD = N'Secret123!xyzAB', DEFAULT_SCHEMA = [dbo];
GO
CREATE USER [noLoginUser] WITHOUT LOGIN;
GO
CREATE USER [extUser] FROM EXTERNAL PROVIDER;
GO
CREATE ROLE [appReaders] AUTHORIZATION [dbo];
GO
CREATE ROLE [appWriters];
GO
CREATE SCHEMA [app] AUTHORIZATION [appUser];
GO
CREATE SCHEMA [rpt] AUTHORIZATION [appReaders];
GO
CREATE TABLE [app].[Orders] ([Id] int NOT NULL PRIMARY KEY, [Total] money NULL);
GO
CREATE VIEW [app].[v] AS SELECT Id FROM [app].[Orders];
GO
ALTER ROLE [appReaders] ADD MEMBER [appUser];
GO
ALTER ROLE [db_datareader] ADD MEMBER [appReaders];
GO
ALTER ROLE [appWriters] ADD MEMBER [noLoginUser];
GO
GRANT CONNECT TO [appUser];
GO
GRANT SELECT ON SCHEMA::[app] TO [appReaders];
GO
GRANT INSERT, UPDATE ON OBJECT::[app].[Orders] TO [appWriters] WITH GRANT OPTION;
GO
DENY DELETE ON [app].[Orders] TO [appWriters];
GO
GRANT SELECT ON [app].[Orders] ([Total]) TO [noLoginUser];
GO
GRANT VIEW DEFINITION TO [appReaders];
GO
GRANT EXECUTE TO [appWriters];
GO
GRANT SHOWPLAN TO [containedUser];
GO
GRANT IMPERSONATE ON USER::[noLoginUser] TO [appUser];
GO
GRANT ALTER ON ROLE::[appWriters] TO [appUser];
GO
CREATE LOGIN [same] WITH PASSWORD = N'Secret123!xyzAB';
GO
CREATE USER [same] FOR LOGIN [same];
GO
CREATE USER [dboSchemaUser] WITHOUT LOGIN WITH DEFAULT_SCHEMA = [dbo];
GO
CREATE ROLE [r1] AUTHORIZATION [same];
GO
CREATE SCHEMA [s1] AUTHORIZATION [dbo];
GO
CREATE TABLE [s1].[T] ([Id] int NOT NULL, [C] int NULL);
GO
CREATE TYPE [s1].[Money2] FROM decimal(10,2);
GO
CREATE SEQUENCE [s1].[Seq] AS int;
GO
GRANT SELECT ON [s1].[T] TO [r1];
GO
REVOKE SELECT ON [s1].[T] ([C]) TO [r1];
GO
GRANT UPDATE ON [s1].[T] TO [r1] AS [dbo];
GO
GRANT REFERENCES ON TYPE::[s1].[Money2] TO [r1];
GO
GRANT UPDATE ON [s1].[Seq] TO [r1];
GO
GRANT CONTROL ON SCHEMA::[dbo] TO [dboSchemaUser];
GO
GRANT SELECT ON [s1].[T] TO [dboSchemaUser] AS [r1];
GO
ALTER ROLE [db_owner] ADD MEMBER [same];
GO
