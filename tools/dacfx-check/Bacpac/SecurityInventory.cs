using Microsoft.SqlServer.Dac.Model;

namespace DacfxCheck.Bacpac;

/// <summary>
/// The security model and database options as DacFx's public model API holds them after loading: users, roles,
/// role memberships, permission statements and every SqlDatabaseOptions property. Built the same way from a
/// bacpac (`bacpac`) and from T-SQL (`model-from-sql --json-out`), so a test can compare the two.
/// </summary>
internal static class SecurityInventory
{
    public static SecurityReport Read(TSqlModel model)
    {
        var report = new SecurityReport();
        foreach (var user in model.GetObjects(DacQueryScopes.UserDefined, User.TypeClass))
        {
            report.Users.Add(new UserEntry(
                Name(user),
                user.GetProperty<AuthenticationType>(User.AuthenticationType).ToString(),
                user.GetProperty<bool>(User.WithoutLogin),
                FirstName(user, User.Login),
                FirstName(user, User.DefaultSchema)));
        }
        foreach (var role in model.GetObjects(DacQueryScopes.UserDefined, Role.TypeClass))
        {
            report.Roles.Add(new RoleEntry(Name(role), FirstName(role, Role.Authorizer)));
        }
        foreach (var membership in model.GetObjects(DacQueryScopes.UserDefined, RoleMembership.TypeClass))
        {
            report.RoleMemberships.Add(new RoleMembershipEntry(FirstName(membership, RoleMembership.Member) ?? "?", FirstName(membership, RoleMembership.Role) ?? "?"));
        }
        foreach (var p in model.GetObjects(DacQueryScopes.UserDefined, Permission.TypeClass))
        {
            var secured = p.GetReferenced(Permission.SecuredObject).FirstOrDefault();
            report.Permissions.Add(new PermissionEntry(
                p.GetProperty<PermissionAction>(Permission.PermissionAction).ToString(),
                p.GetProperty<PermissionType>(Permission.PermissionType).ToString(),
                p.GetProperty<bool>(Permission.WithGrantOption),
                FirstName(p, Permission.Grantee) ?? "?",
                FirstName(p, Permission.Grantor),
                secured == null ? null : $"{secured.ObjectType.Name} {secured.Name}",
                p.GetReferenced(Permission.ExcludedColumns).Select(c => c.Name.ToString()).OrderBy(n => n, StringComparer.Ordinal).ToList()));
        }
        var options = model.GetObjects(DacQueryScopes.All, DatabaseOptions.TypeClass).FirstOrDefault();
        if (options != null)
        {
            foreach (var property in DatabaseOptions.TypeClass.Properties)
            {
                object? value;
                try { value = options.GetProperty(property); }
                catch (Exception) { continue; }
                report.DatabaseOptions[property.Name] = value?.ToString();
            }
        }
        report.Users.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        report.Roles.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        report.RoleMemberships.Sort((a, b) => string.CompareOrdinal($"{a.Member} {a.Role}", $"{b.Member} {b.Role}"));
        report.Permissions.Sort((a, b) => string.CompareOrdinal(a.Key(), b.Key()));
        return report;
    }

    private static string Name(TSqlObject o) => o.Name.ToString();

    private static string? FirstName(TSqlObject o, ModelRelationshipClass relationship) =>
        o.GetReferenced(relationship).FirstOrDefault()?.Name.ToString();
}

internal sealed class SecurityReport
{
    public List<UserEntry> Users { get; } = [];
    public List<RoleEntry> Roles { get; } = [];
    public List<RoleMembershipEntry> RoleMemberships { get; } = [];
    public List<PermissionEntry> Permissions { get; } = [];
    /// <summary>Every SqlDatabaseOptions property by its API name (CompatibilityLevel, AllowSnapshotIsolation…).</summary>
    public SortedDictionary<string, string?> DatabaseOptions { get; } = new(StringComparer.Ordinal);
}

internal sealed record UserEntry(string Name, string AuthenticationType, bool WithoutLogin, string? Login, string? DefaultSchema);

internal sealed record RoleEntry(string Name, string? Authorizer);

internal sealed record RoleMembershipEntry(string Member, string Role);

internal sealed record PermissionEntry(string Action, string Permission, bool WithGrantOption, string Grantee, string? Grantor, string? SecuredObject, List<string> ExcludedColumns)
{
    public string Key() => $"{Action} {Permission} {Grantee} {SecuredObject}";
}
