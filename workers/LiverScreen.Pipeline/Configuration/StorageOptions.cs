using System.ComponentModel.DataAnnotations;
using LiverScreen.Storage.Azure;

namespace LiverScreen.Pipeline.Configuration;

/// <summary>Configuration section "Storage" (e.g. Storage__Kind=Local, Storage__LocalRoot=/data/liverscreen/store).</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    [EnumDataType(typeof(StorageKind))]
    public StorageKind Kind { get; set; } = StorageKind.Local;

    /// <summary>Root folder of the local store (Kind=Local).</summary>
    [Required(AllowEmptyStrings = false)]
    public string LocalRoot { get; set; } = Path.Combine(".work", "store");

    /// <summary>Section "Storage:AzureBlob" (Kind=AzureBlob); credentials from LIVERSCREEN_BLOB_* or Storage__AzureBlob__*.</summary>
    public AzureBlobOptions AzureBlob { get; set; } = new();
}
