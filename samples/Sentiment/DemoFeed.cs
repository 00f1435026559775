using System.Globalization;
using System.Security;
using System.Text;

/// <summary>
/// Writes an RSS 2.0 file of ILLUSTRATIVE headlines (made up from templates, at random minutes) so the sample runs
/// offline. They carry no information about the market: the sample shows the plumbing, not an edge.
/// </summary>
internal static class DemoFeed
{
    private static readonly string[] Templates =
    [
        "Bitcoin rallies as ETF inflows hit a record", "Crypto markets slump after exchange outage",
        "Analysts upgrade outlook on strong adoption", "Regulator sues trading platform over fraud claims",
        "Bitcoin steady as traders wait for macro data", "Miners report growth in hash rate",
        "Liquidations surge as Bitcoin drops below support", "Fund launches new Bitcoin product after approval",
        "Exchange hacked, users fear losses", "Market not bearish despite weak volumes",
    ];

    public static void Write(string path, DateTime from, DateTime to, int seed = 7)
    {
        var random = new Random(seed);
        var xml = new StringBuilder();
        xml.AppendLine("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        xml.AppendLine("<rss version=\"2.0\"><channel><title>Illustrative crypto headlines (not real news)</title><link>http://localhost/</link><description>Demo feed</description>");
        for (var t = from; t < to; t = t.AddMinutes(5 + random.Next(55)))
        {
            var published = t.AddSeconds(random.Next(60));
            xml.Append("<item><title>").Append(SecurityElement.Escape(Templates[random.Next(Templates.Length)])).Append("</title>")
               .Append("<pubDate>").Append(published.ToString("r", CultureInfo.InvariantCulture)).AppendLine("</pubDate></item>");
        }

        xml.AppendLine("</channel></rss>");
        File.WriteAllText(path, xml.ToString());
    }
}
