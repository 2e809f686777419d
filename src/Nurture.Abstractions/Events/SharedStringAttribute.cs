namespace Nurture.Abstractions.Events;

/// <summary>
/// A string whose values repeat from event to event (type, host, path, title, browser, channel): the
/// spool's readers share one instance per value instead of a fresh copy per event read.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SharedStringAttribute : Attribute;
