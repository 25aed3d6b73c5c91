using Microsoft.Extensions.Options;

namespace LiverScreen.Storage.Azure;

/// <summary>Start-up validation that reports every problem at once, each naming the setting to fix.</summary>
public sealed class AzureBlobOptionsValidator : IValidateOptions<AzureBlobOptions>
{
    public ValidateOptionsResult Validate(string? name, AzureBlobOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
