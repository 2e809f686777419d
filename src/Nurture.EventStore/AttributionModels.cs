using System.Globalization;

namespace Nurture.EventStore;

/// <summary>How one outcome's credit is shared among the touches before it.</summary>
public enum AttributionModel { First, Last, Linear, Position }

/// <summary>What is being attributed: a lead's first event, its first MQL or hot stage, or a won deal (sales_won).</summary>
public enum AttributionOutcome { New, Mql, Hot, Won }

/// <summary>
/// The arithmetic of the models, written once in C# (for tests and for reading) and once as the ClickHouse
/// expression the report runs; a functional test checks that the two agree. Every outcome gives out exactly 1:
/// <list type="bullet">
/// <item>first: all to the first touch;</item>
/// <item>last: all to the last touch that was not direct (a direct return visit does not take the credit from
/// the campaign that brought the person back, as the lead's own last touch); to the last touch when all were direct;</item>
/// <item>linear: an equal share to each touch;</item>
/// <item>position (40/20/40): 40% each to the first and the last, the 20% left shared by the ones between;
/// one touch gets all, two get half each.</item>
/// </list>
/// </summary>
public static class AttributionModels
{
    /// <summary>The channel of a visit that came from nowhere in particular (typed, bookmarked).</summary>
    public const string Direct = "direct";

    /// <summary>Each touch's share, in the touches' order (oldest first); <paramref name="channels"/> says which were direct.</summary>
    public static double[] Weights(AttributionModel model, IReadOnlyList<string> channels)
    {
        var n = channels.Count;
        var weights = new double[n];
        if (n == 0) return weights;
        switch (model)
        {
            case AttributionModel.First:
                weights[0] = 1;
                break;
            case AttributionModel.Last:
                weights[LastNotDirect(channels)] = 1;
                break;
            case AttributionModel.Linear:
                Array.Fill(weights, 1.0 / n);
                break;
            case AttributionModel.Position when n == 1:
                weights[0] = 1;
                break;
            case AttributionModel.Position when n == 2:
                weights[0] = weights[1] = 0.5;
                break;
            case AttributionModel.Position:
                Array.Fill(weights, 0.2 / (n - 2));
                weights[0] = weights[n - 1] = 0.4;
                break;
        }
        return weights;
    }

    /// <summary>The index the last-touch model credits: the last touch not direct, else the last.</summary>
    public static int LastNotDirect(IReadOnlyList<string> channels)
    {
        for (var i = channels.Count - 1; i >= 0; i--)
        {
            if (channels[i] != Direct) return i;
        }
        return channels.Count - 1;
    }

    /// <summary>
    /// The same weights as a ClickHouse expression: the array of weights for an array of touch channels (oldest first).
    /// Everything a lambda reads is passed to it as an argument: ClickHouse 18.16 mis-reads names a lambda only captures
    /// once the expression sits a subquery or two below the one that uses it.
    /// </summary>
    public static string WeightsSql(AttributionModel model, string channels)
    {
        var weight = model switch
        {
            AttributionModel.First => "if(i = 1, 1., 0.)",
            AttributionModel.Last => "if(i = last_i, 1., 0.)",
            AttributionModel.Linear => "1. / n",
            _ => "multiIf(n = 1, 1., n = 2, 0.5, i = 1 OR i = n, 0.4, 0.2 / (n - 2))",
        };
        return $"arrayMap((i, n, last_i) -> {weight}, arrayEnumerate({channels}), " +
            $"replicate(toInt64(length({channels})), {channels}), replicate({LastNotDirectSql(channels)}, {channels}))";
    }

    /// <summary>The ClickHouse expression for the last-touch position over an array of channels (1-based).</summary>
    public static string LastNotDirectSql(string channels) =>
        $"if(arrayExists(touch_channel -> touch_channel != {ClickHouseSql.Quote(Direct)}, {channels}), " +
        $"toInt64(length({channels})) + 1 - arrayFirstIndex(touch_channel -> touch_channel != {ClickHouseSql.Quote(Direct)}, arrayReverse({channels})), toInt64(length({channels})))";

    /// <summary>The lower-case name the API and the console use.</summary>
    public static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLower(CultureInfo.InvariantCulture);
}
