using LiverScreen.Storage.Azure;

namespace LiverScreen.Storage.Tests.Azure;

public sealed class AzureBlobOptionsTests
{
    [Fact]
    public void When_no_credentials_are_given_Should_name_every_way_to_provide_them()
    {
        var errors = new AzureBlobOptions().Validate();

        var message = Assert.Single(errors);
        Assert.Contains(AzureBlobOptions.ConnectionStringVariable, message, StringComparison.Ordinal);
        Assert.Contains("Storage__AzureBlob__ConnectionString", message, StringComparison.Ordinal);
        Assert.Contains(AzureBlobOptions.AccountKeyVariable, message, StringComparison.Ordinal);
        Assert.Contains(AzureBlobOptions.SasTokenVariable, message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_an_account_has_no_key_or_SAS_and_settings_are_out_of_range_Should_report_each_problem()
    {
        var options = new AzureBlobOptions { AccountName = "lsprod", Container = "Bad_Name", BlockSizeBytes = 10, MaxParallelBlockUploads = 0 };

        var errors = options.Validate();

        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.Contains("'lsprod'", StringComparison.Ordinal) && e.Contains("AccountKey", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Container 'Bad_Name'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("BlockSizeBytes", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("MaxParallelBlockUploads", StringComparison.Ordinal));
        var thrown = Assert.Throws<InvalidOperationException>(() => new AzureBlobObjectStore(options));
        Assert.Contains("Bad_Name", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_the_key_is_not_base64_Should_say_so()
    {
        var errors = new AzureBlobOptions { AccountName = "lsprod", AccountKey = "not base64!" }.Validate();

        Assert.Contains(errors, e => e.Contains("AccountKey is not valid base64", StringComparison.Ordinal));
    }

    [Fact]
    public void When_settings_come_from_the_environment_Should_fill_only_what_is_unset()
    {
        var env = new Dictionary<string, string>
        {
            [AzureBlobOptions.AccountNameVariable] = "fromenv",
            [AzureBlobOptions.SasTokenVariable] = "?sv=2020-12-06&sig=abc",
            [AzureBlobOptions.EndpointVariable] = "http://127.0.0.1:10000/fromenv",
            [AzureBlobOptions.ContainerVariable] = "results",
        };
        var options = new AzureBlobOptions { AccountName = "explicit" }.ApplyEnvironment(env.GetValueOrDefault);

        Assert.Equal("explicit", options.AccountName);
        Assert.Equal("?sv=2020-12-06&sig=abc", options.SasToken);
        Assert.Equal(new Uri("http://127.0.0.1:10000/fromenv"), options.BlobEndpoint);
        Assert.Equal("results", options.Container);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void When_a_connection_string_names_a_path_style_endpoint_Should_take_the_account_from_the_path_and_never_print_the_key()
    {
        var cs = AzureStorageConnectionString.Parse(
            $"DefaultEndpointsProtocol=http;AccountKey={AzureStorageConnectionString.DevelopmentAccountKey};BlobEndpoint=http://127.0.0.1:10123/devstoreaccount1;");

        Assert.Equal("devstoreaccount1", cs.AccountName);
        Assert.Equal(new Uri("http://127.0.0.1:10123/devstoreaccount1"), cs.BlobEndpoint);
        Assert.DoesNotContain(AzureStorageConnectionString.DevelopmentAccountKey, cs.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void When_a_connection_string_uses_cloud_defaults_Should_build_the_account_endpoint()
    {
        var cs = AzureStorageConnectionString.Parse("DefaultEndpointsProtocol=https;AccountName=lsprod;AccountKey=AAAA;EndpointSuffix=core.usgovcloudapi.net");

        Assert.Equal(new Uri("https://lsprod.blob.core.usgovcloudapi.net"), cs.BlobEndpoint);
        Assert.Throws<FormatException>(() => AzureStorageConnectionString.Parse("AccountName=lsprod"));
        Assert.Contains(new AzureBlobOptions { ConnectionString = "garbage" }.Validate(), e => e.Contains("malformed", StringComparison.Ordinal));
    }
}
