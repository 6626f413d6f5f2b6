namespace DacfxCheck;

/// <summary>Renders an exception with every inner exception, because DacFx wraps the real cause
/// (a checksum mismatch, a bad ZIP header) two or three levels deep under "Could not load package".</summary>
internal static class ErrorText
{
    public static string Chain(Exception error)
    {
        var parts = new List<string>();
        for (Exception? e = error; e != null; e = e.InnerException)
        {
            parts.Add($"{e.GetType().FullName}: {e.Message}");
            if (e is AggregateException aggregate && aggregate.InnerExceptions.Count > 1)
            {
                parts.AddRange(aggregate.InnerExceptions.Skip(1).Select(inner => "  also: " + Chain(inner)));
            }
        }
        return string.Join("\n  ---> ", parts);
    }
}
