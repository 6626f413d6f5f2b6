// DacFx's model builder takes ANSI_NULLS and QUOTED_IDENTIFIER from its options, not from SET statements in the
// script. A server session does honour them, so the script sets them between batches; this plays the session:
// it splits the script at GO lines, follows the SET statements, and groups the other batches by the settings
// they run under.
using System.Text;
using System.Text.RegularExpressions;

namespace DacfxCheck.Script;

internal static partial class SessionBatches
{
    [GeneratedRegex(@"^\s*SET\s+(ANSI_NULLS|QUOTED_IDENTIFIER)\s+(ON|OFF)\s*;?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex SetOption();

    public static IEnumerable<(string Sql, bool AnsiNulls, bool QuotedIdentifier)> Split(string script)
    {
        bool ansiNulls = true, quotedIdentifier = true;
        var group = new StringBuilder();
        var batch = new StringBuilder();
        var groupSettings = (ansiNulls, quotedIdentifier);
        var result = new List<(string, bool, bool)>();
        void Flush()
        {
            if (group.Length > 0) result.Add((group.ToString(), groupSettings.ansiNulls, groupSettings.quotedIdentifier));
            group.Clear();
        }
        void EndBatch()
        {
            var text = batch.ToString();
            batch.Clear();
            var withoutComments = string.Join("\n", text.Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal)));
            var set = SetOption().Match(withoutComments.Trim());
            if (set.Success)
            {
                var on = set.Groups[2].Value.Equals("ON", StringComparison.OrdinalIgnoreCase);
                if (set.Groups[1].Value.Equals("ANSI_NULLS", StringComparison.OrdinalIgnoreCase)) ansiNulls = on; else quotedIdentifier = on;
                return;
            }
            if (withoutComments.Trim().Length == 0) return;
            if ((ansiNulls, quotedIdentifier) != groupSettings) Flush();
            groupSettings = (ansiNulls, quotedIdentifier);
            group.Append(text).Append("\nGO\n");
        }
        foreach (var line in script.Replace("\r\n", "\n").Split('\n'))
        {
            if (line.Trim().Equals("GO", StringComparison.OrdinalIgnoreCase)) EndBatch();
            else batch.Append(line).Append('\n');
        }
        EndBatch();
        Flush();
        return result;
    }
}
