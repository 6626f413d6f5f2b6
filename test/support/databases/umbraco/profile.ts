/**
 * How much data each Umbraco table holds on a medium-sized site (5 years, 2 languages, 6,000 documents,
 * 10,000 media, 3,000 members), and the shape of each column's values. Estimates, used only to make the demo
 * and benchmark data look like a real site: row counts drive the scale, shapes drive the generator.
 *
 * Column shape: `k` kind; `n` NULL ratio; `len` [average, max] characters (bytes for binary); `v` categorical
 * values with weights; `t` true ratio for bits; `d` integer ranges with weights; `ex` example values.
 */
export type ColumnKind =
  | 'identity' | 'fk' | 'guid' | 'string' | 'json' | 'text_mixed' | 'bool' | 'int' | 'bigint' | 'decimal'
  | 'enum' | 'datetime' | 'datetime2' | 'binary';

export interface ColumnShape {
  k: ColumnKind;
  n?: number;
  len?: [avg: number, max: number];
  v?: Record<string, number>;
  t?: number;
  d?: Record<string, number>;
  ex?: string[];
}

export interface TableProfile {
  rows: number;
  columns: Record<string, ColumnShape>;
}

export const umbracoProfile: Record<string, TableProfile> = {
  umbracoUser: {
    rows: 30,
    columns: {
      id: { k: "identity" },
      userDisabled: { k: "bool", t: 0.15 },
      userNoConsole: { k: "bool", t: 0.0 },
      userName: { k: "string", len: [16, 60], ex: ["Jane Editor"] },
      userLogin: { k: "string", len: [24, 125], ex: ["jane.editor@example.com"] },
      userPassword: { k: "string", len: [84, 500] },
      passwordConfig: { k: "string", n: 0.05, len: [40, 60], ex: ["{\"hashAlgorithm\":\"PBKDF2.ASPNETCORE.V3\"}"] },
      userEmail: { k: "string", len: [24, 120], ex: ["jane.editor@example.com"] },
      userLanguage: { k: "string", n: 0.05, len: [5, 10], v: {"en-US": 0.8, "en-GB": 0.1, "da-DK": 0.1} },
      securityStampToken: { k: "string", n: 0.02, len: [36, 36] },
      failedLoginAttempts: { k: "int", n: 0.1, d: {"0": 0.9, "1-5": 0.1} },
      lastLockoutDate: { k: "datetime", n: 0.9 },
      lastPasswordChangeDate: { k: "datetime", n: 0.1 },
      lastLoginDate: { k: "datetime", n: 0.1 },
      emailConfirmedDate: { k: "datetime", n: 0.6 },
      invitedDate: { k: "datetime", n: 0.7 },
      createDate: { k: "datetime" },
      updateDate: { k: "datetime" },
      avatar: { k: "string", n: 0.85, len: [60, 100], ex: ["UserAvatars/2f1e0c0d1a9e4b8f8e1c5d2a7b6c4e3f.jpg"] },
      tourData: { k: "json", n: 0.5, len: [600, 4000], ex: ["[{\"alias\":\"umbIntroIntroduction\",\"completed\":false,\"disabled\":true}]"] },
    },
  },
  umbracoNode: {
    rows: 19400,
    columns: {
      id: { k: "identity" },
      uniqueId: { k: "guid" },
      parentId: { k: "fk" },
      level: { k: "int", d: {"1": 0.25, "2": 0.1, "3": 0.25, "4": 0.3, "5": 0.08, "6+": 0.02} },
      path: { k: "string", len: [22, 150], ex: ["-1,1058,1203,4711"] },
      sortOrder: { k: "int", d: {"0-9": 0.7, "10-99": 0.27, "100+": 0.03} },
      trashed: { k: "bool", t: 0.02 },
      nodeUser: { k: "fk", n: 0.02 },
      text: { k: "string", n: 0.001, len: [24, 255] },
      nodeObjectType: { k: "enum", v: {"c66ba18e-eaf3-4cff-8a22-41b16d66a972 (Document)": 0.309, "b796f64c-1f99-4ffb-b886-4bf4bc011a9c (Media)": 0.515, "39eb0f98-b348-42a1-8662-e7eb18487560 (Member)": 0.155, "a2cb7800-f571-4787-9638-bc48539a0efb (DocumentType)": 0.0072, "4ea4382b-2f5a-4c2b-9587-ae9b3cf3602e (MediaType)": 0.0004, "9b5416fb-e72f-45a9-a07b-5a9a2709ce43 (MemberType)": 0.0001, "30a2a501-1978-4ddb-a57b-f7efed43ba3c (DataType)": 0.0062, "6fbde604-4178-42ce-a10b-8a2600a2f07d (Template)": 0.0021, "366e63b9-880f-4e13-a61c-98069b029728 (MemberGroup)": 0.0003, "6ebef410-03aa-48cf-a792-e1c1cb087aca (DocumentBlueprint)": 0.0005, "2f7a2769-6b0b-4468-90dd-af42d64f7f16 / 521231e3-8b37-469c-9f9d-51afc91feb7b / 42aef799-b288-4744-9b10-be144b73cdc4 (type/data type folders)": 0.0015, "ea7d8624-4cfe-4578-a871-24aa946bf34d / 01bb7ff2-24dc-4c0c-95a2-c24ef72bbac8 / cf3d8e34-1c1c-41e9-ae56-878b57b32113 (system root, recycle bins)": 0.0002} },
      createDate: { k: "datetime" },
    },
  },
  cmsContentType: {
    rows: 150,
    columns: {
      pk: { k: "identity" },
      nodeId: { k: "fk" },
      alias: { k: "string", len: [14, 60], ex: ["articlePage"] },
      icon: { k: "string", n: 0.02, len: [22, 60], ex: ["icon-document color-blue"] },
      thumbnail: { k: "string", len: [10, 10], v: {"folder.png": 1.0} },
      description: { k: "string", n: 0.7, len: [60, 1500] },
      isContainer: { k: "bool", t: 0.02 },
      isElement: { k: "bool", t: 0.4 },
      allowAtRoot: { k: "bool", t: 0.05 },
      variations: { k: "enum", v: {"0 (Nothing)": 0.6, "1 (Culture)": 0.4} },
    },
  },
  cmsTemplate: {
    rows: 40,
    columns: {
      pk: { k: "identity" },
      nodeId: { k: "fk" },
      alias: { k: "string", len: [14, 100], ex: ["articlePage"] },
    },
  },
  umbracoContent: {
    rows: 19010,
    columns: {
      nodeId: { k: "fk" },
      contentTypeId: { k: "fk" },
    },
  },
  umbracoContentVersion: {
    rows: 97000,
    columns: {
      id: { k: "identity" },
      nodeId: { k: "fk" },
      versionDate: { k: "datetime" },
      userId: { k: "fk", n: 0.05 },
      current: { k: "bool", t: 0.2 },
      text: { k: "string", n: 0.01, len: [24, 255] },
      preventCleanup: { k: "bool", t: 0.005 },
    },
  },
  umbracoMediaVersion: {
    rows: 10000,
    columns: {
      id: { k: "fk" },
      path: { k: "string", n: 0.05, len: [40, 255], ex: ["/media/2kbfoe3x/hero-banner.jpg"] },
    },
  },
  umbracoDocument: {
    rows: 6010,
    columns: {
      nodeId: { k: "fk" },
      published: { k: "bool", t: 0.85 },
      edited: { k: "bool", t: 0.1 },
    },
  },
  cmsDocumentType: {
    rows: 85,
    columns: {
      contentTypeNodeId: { k: "fk" },
      templateNodeId: { k: "fk" },
      IsDefault: { k: "bool", t: 0.95 },
    },
  },
  umbracoDataType: {
    rows: 120,
    columns: {
      nodeId: { k: "fk" },
      propertyEditorAlias: { k: "enum", v: {"Umbraco.BlockList": 0.2, "Umbraco.TextBox": 0.08, "Umbraco.TinyMCE": 0.08, "Umbraco.MediaPicker3": 0.1, "Umbraco.MultiNodeTreePicker": 0.08, "Umbraco.DropDown.Flexible": 0.07, "Umbraco.TrueFalse": 0.04, "Umbraco.TextArea": 0.04, "Umbraco.BlockGrid": 0.03, "Umbraco.MultiUrlPicker": 0.04, "Umbraco.Label": 0.05, "Umbraco.UploadField": 0.05, "Umbraco.ListView": 0.03, "Umbraco.DateTime": 0.03, "other": 0.08} },
      dbType: { k: "enum", v: {"Ntext": 0.55, "Nvarchar": 0.3, "Integer": 0.1, "Date": 0.04, "Decimal": 0.01} },
      config: { k: "json", n: 0.05, len: [600, 20000], ex: ["{\"blocks\":[{\"contentElementTypeKey\":\"5c2f...\",\"label\":\"{{title}}\"}],\"validationLimit\":{\"min\":null,\"max\":null},\"useSingleBlockMode\":false}"] },
    },
  },
  cmsDictionary: {
    rows: 500,
    columns: {
      pk: { k: "identity" },
      id: { k: "guid" },
      parent: { k: "fk", n: 0.85 },
      key: { k: "string", len: [22, 450], ex: ["Footer.Copyright"] },
    },
  },
  umbracoLanguage: {
    rows: 2,
    columns: {
      id: { k: "identity" },
      languageISOCode: { k: "string", len: [5, 14], v: {"en-US": 0.5, "da-DK": 0.5} },
      languageCultureName: { k: "string", len: [22, 100], ex: ["English (United States)"] },
      isDefaultVariantLang: { k: "bool", t: 0.5 },
      mandatory: { k: "bool", t: 0.5 },
      fallbackLanguageId: { k: "fk", n: 0.5 },
    },
  },
  cmsLanguageText: {
    rows: 950,
    columns: {
      pk: { k: "identity" },
      languageId: { k: "fk" },
      UniqueId: { k: "fk" },
      value: { k: "string", len: [35, 1000] },
    },
  },
  umbracoDomain: {
    rows: 4,
    columns: {
      id: { k: "identity" },
      domainDefaultLanguage: { k: "int" },
      domainRootStructureID: { k: "fk" },
      domainName: { k: "string", len: [18, 255], ex: ["www.example.com/da"] },
      sortOrder: { k: "int", d: {"0-3": 1.0} },
    },
  },
  umbracoLog: {
    rows: 200000,
    columns: {
      id: { k: "identity" },
      userId: { k: "fk", n: 0.03 },
      NodeId: { k: "int" },
      entityType: { k: "string", n: 0.01, len: [8, 50], v: {"Document": 0.78, "Media": 0.14, "DocumentType": 0.03, "Member": 0.02, "DataType": 0.01, "Template": 0.01, "other": 0.01} },
      Datestamp: { k: "datetime" },
      logHeader: { k: "enum", v: {"Save": 0.42, "Publish": 0.22, "SaveVariant": 0.08, "PublishVariant": 0.07, "Unpublish": 0.02, "Delete": 0.03, "Move": 0.04, "Sort": 0.04, "Copy": 0.02, "New": 0.02, "RollBack": 0.005, "PublicAccess": 0.002, "AssignDomain": 0.001, "other": 0.022} },
      logComment: { k: "string", n: 0.6, len: [30, 4000], ex: ["Published languages: English (United States)"] },
      parameters: { k: "string", n: 0.8, len: [25, 500], ex: ["English (United States), Danish (Denmark)"] },
    },
  },
  cmsMacro: {
    rows: 3,
    columns: {
      id: { k: "identity" },
      uniqueId: { k: "guid" },
      macroUseInEditor: { k: "bool", t: 0.7 },
      macroRefreshRate: { k: "int", d: {"0": 1.0} },
      macroAlias: { k: "string", len: [14, 255] },
      macroName: { k: "string", len: [16, 255] },
      macroCacheByPage: { k: "bool", t: 1.0 },
      macroCachePersonalized: { k: "bool", t: 0.0 },
      macroDontRender: { k: "bool", t: 0.0 },
      macroSource: { k: "string", len: [40, 255], ex: ["~/Views/MacroPartials/YouTubeEmbed.cshtml"] },
      macroType: { k: "enum", v: {"7 (PartialView)": 1.0} },
    },
  },
  cmsMacroProperty: {
    rows: 6,
    columns: {
      id: { k: "identity" },
      uniquePropertyId: { k: "guid" },
      editorAlias: { k: "string", len: [16, 255], ex: ["Umbraco.TextBox"] },
      macro: { k: "fk" },
      macroPropertySortOrder: { k: "int", d: {"0-5": 1.0} },
      macroPropertyAlias: { k: "string", len: [10, 50] },
      macroPropertyName: { k: "string", len: [12, 255] },
    },
  },
  cmsMemberType: {
    rows: 6,
    columns: {
      pk: { k: "identity" },
      NodeId: { k: "fk" },
      propertytypeId: { k: "int" },
      memberCanEdit: { k: "bool", t: 0.5 },
      viewOnProfile: { k: "bool", t: 0.5 },
      isSensitive: { k: "bool", t: 0.2 },
    },
  },
  cmsMember: {
    rows: 3000,
    columns: {
      nodeId: { k: "fk" },
      Email: { k: "string", len: [24, 1000], ex: ["member123@example.org"] },
      LoginName: { k: "string", len: [24, 1000] },
      Password: { k: "string", len: [84, 1000] },
      passwordConfig: { k: "string", n: 0.05, len: [40, 60], ex: ["{\"hashAlgorithm\":\"PBKDF2.ASPNETCORE.V3\"}"] },
      securityStampToken: { k: "string", n: 0.05, len: [36, 36] },
      emailConfirmedDate: { k: "datetime", n: 0.7 },
      failedPasswordAttempts: { k: "int", n: 0.3, d: {"0": 0.95, "1-5": 0.05} },
      isLockedOut: { k: "bool", n: 0.01, t: 0.01 },
      isApproved: { k: "bool", t: 0.95 },
      lastLoginDate: { k: "datetime", n: 0.4 },
      lastLockoutDate: { k: "datetime", n: 0.98 },
      lastPasswordChangeDate: { k: "datetime", n: 0.3 },
    },
  },
  cmsMember2MemberGroup: {
    rows: 3600,
    columns: {
      Member: { k: "fk" },
      MemberGroup: { k: "fk" },
    },
  },
  cmsPropertyTypeGroup: {
    rows: 320,
    columns: {
      id: { k: "identity" },
      uniqueID: { k: "guid" },
      contenttypeNodeId: { k: "fk" },
      type: { k: "enum", v: {"0 (Group)": 0.8, "1 (Tab)": 0.2} },
      text: { k: "string", len: [12, 255], ex: ["Content"] },
      alias: { k: "string", len: [12, 255], ex: ["content"] },
      sortorder: { k: "int", d: {"0-10": 1.0} },
    },
  },
  cmsPropertyType: {
    rows: 1100,
    columns: {
      id: { k: "identity" },
      dataTypeId: { k: "fk" },
      contentTypeId: { k: "fk" },
      propertyTypeGroupId: { k: "fk", n: 0.02 },
      Alias: { k: "string", len: [12, 255], ex: ["metaDescription"] },
      Name: { k: "string", len: [16, 255] },
      sortOrder: { k: "int", d: {"0-20": 1.0} },
      mandatory: { k: "bool", t: 0.2 },
      mandatoryMessage: { k: "string", n: 0.95, len: [30, 500] },
      validationRegExp: { k: "string", n: 0.97, len: [20, 255] },
      validationRegExpMessage: { k: "string", n: 0.97, len: [30, 500] },
      Description: { k: "string", n: 0.5, len: [60, 2000] },
      labelOnTop: { k: "bool", t: 0.05 },
      variations: { k: "enum", v: {"0 (Nothing)": 0.7, "1 (Culture)": 0.3} },
      UniqueID: { k: "guid" },
    },
  },
  umbracoPropertyData: {
    rows: 600000,
    columns: {
      id: { k: "identity" },
      versionId: { k: "fk" },
      propertyTypeId: { k: "fk" },
      languageId: { k: "fk", n: 0.7 },
      segment: { k: "string", n: 1.0, len: [0, 256] },
      intValue: { k: "int", n: 0.78 },
      decimalValue: { k: "decimal", n: 0.995 },
      dateValue: { k: "datetime", n: 0.96 },
      varcharValue: { k: "string", n: 0.7, len: [30, 512], ex: ["Our history", "umb://document/1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6", "[\"Option A\"]", "/media/2kbfoe3x/brochure.pdf", "123456"] },
      textValue: { k: "text_mixed", n: 0.57, len: [1500, 500000] },
    },
  },
  umbracoRelationType: {
    rows: 5,
    columns: {
      id: { k: "identity" },
      typeUniqueId: { k: "guid" },
      dual: { k: "bool", t: 0.2 },
      parentObjectType: { k: "guid", n: 0.4 },
      childObjectType: { k: "guid", n: 0.4 },
      name: { k: "string", len: [24, 255], ex: ["Related Media"] },
      alias: { k: "string", len: [20, 100], ex: ["umbMedia"] },
      isDependency: { k: "bool", t: 0.4 },
    },
  },
  umbracoRelation: {
    rows: 30000,
    columns: {
      id: { k: "identity" },
      parentId: { k: "fk" },
      childId: { k: "fk" },
      relType: { k: "fk", d: {"umbMedia": 0.6, "umbDocument": 0.38, "copy/delete types": 0.02} },
      datetime: { k: "datetime" },
      comment: { k: "string", len: [0, 1000] },
    },
  },
  cmsTags: {
    rows: 600,
    columns: {
      id: { k: "identity" },
      group: { k: "string", len: [7, 100], v: {"default": 0.8, "topics": 0.2} },
      languageId: { k: "fk", n: 0.9 },
      tag: { k: "string", len: [10, 200] },
    },
  },
  cmsTagRelationship: {
    rows: 5000,
    columns: {
      nodeId: { k: "fk" },
      tagId: { k: "fk" },
      propertyTypeId: { k: "fk" },
    },
  },
  cmsContentType2ContentType: {
    rows: 180,
    columns: {
      parentContentTypeId: { k: "fk" },
      childContentTypeId: { k: "fk" },
    },
  },
  cmsContentTypeAllowedContentType: {
    rows: 220,
    columns: {
      Id: { k: "fk" },
      AllowedId: { k: "fk" },
      SortOrder: { k: "int", d: {"0-10": 1.0} },
    },
  },
  umbracoUser2NodeNotify: {
    rows: 5,
    columns: {
      userId: { k: "fk" },
      nodeId: { k: "fk" },
      action: { k: "string", len: [1, 1] },
    },
  },
  umbracoServer: {
    rows: 3,
    columns: {
      id: { k: "identity" },
      address: { k: "string", len: [28, 500], ex: ["https://www.example.com/"] },
      computerName: { k: "string", len: [50, 255], ex: ["DW1SDWK0001AB/5bd618a8aa427834f5241c6f837c254d064ef219"] },
      registeredDate: { k: "datetime" },
      lastNotifiedDate: { k: "datetime" },
      isActive: { k: "bool", t: 0.5 },
      isSchedulingPublisher: { k: "bool", t: 0.34 },
    },
  },
  umbracoAccess: {
    rows: 8,
    columns: {
      id: { k: "guid" },
      nodeId: { k: "fk" },
      loginNodeId: { k: "fk" },
      noAccessNodeId: { k: "fk" },
      createDate: { k: "datetime" },
      updateDate: { k: "datetime" },
    },
  },
  umbracoAccessRule: {
    rows: 12,
    columns: {
      id: { k: "guid" },
      accessId: { k: "fk" },
      ruleValue: { k: "string", len: [12, 255], ex: ["Premium members"] },
      ruleType: { k: "string", len: [10, 255], v: {"MemberRole": 0.9, "MemberUsername": 0.1} },
      createDate: { k: "datetime" },
      updateDate: { k: "datetime" },
    },
  },
  umbracoCacheInstruction: {
    rows: 1500,
    columns: {
      id: { k: "identity" },
      utcStamp: { k: "datetime" },
      jsonInstruction: { k: "json", len: [350, 200000], ex: ["[{\"RefreshType\":4,\"RefresherId\":\"900a4fbe-df3c-41e6-bb77-be896cd158ea\",\"JsonIdCount\":1,\"JsonPayload\":\"[{\\\"Id\\\":1203,\\\"Key\\\":\\\"5e1b...\\\",\\\"ChangeTypes\\\":4}]\"}]"] },
      originated: { k: "string", len: [95, 500], ex: ["DW1SDWK0001AB/5bd618a8aa427834f5241c6f837c254d064ef219 [P5120/D1] 8241E52B65CB4960B152E2A42956C7E2"] },
      instructionCount: { k: "int", d: {"1": 0.6, "2-10": 0.38, "11+": 0.02} },
    },
  },
  umbracoExternalLogin: {
    rows: 20,
    columns: {
      id: { k: "identity" },
      userOrMemberKey: { k: "guid" },
      loginProvider: { k: "string", len: [22, 400], ex: ["Umbraco.AzureAD"] },
      providerKey: { k: "string", len: [36, 4000] },
      createDate: { k: "datetime" },
      userData: { k: "json", n: 0.9 },
    },
  },
  umbracoExternalLoginToken: {
    rows: 20,
    columns: {
      id: { k: "identity" },
      externalLoginId: { k: "fk" },
      name: { k: "string", len: [12, 255], ex: ["access_token"] },
      value: { k: "string", len: [1200, 10000] },
      createDate: { k: "datetime" },
    },
  },
  umbracoTwoFactorLogin: {
    rows: 5,
    columns: {
      id: { k: "identity" },
      userOrMemberKey: { k: "guid" },
      providerName: { k: "string", len: [20, 400], ex: ["UmbracoUserAppAuthenticator"] },
      secret: { k: "string", len: [32, 400] },
    },
  },
  umbracoRedirectUrl: {
    rows: 3000,
    columns: {
      id: { k: "guid" },
      contentKey: { k: "fk" },
      createDateUtc: { k: "datetime" },
      url: { k: "string", len: [45, 2000], ex: ["1058/news/2021/old-article-name"] },
      culture: { k: "string", n: 0.5, len: [5, 255], ex: ["en-us"] },
      urlHash: { k: "string", len: [40, 40] },
    },
  },
  umbracoLock: {
    rows: 14,
    columns: {
      id: { k: "enum", v: {"-1000": 1, "-331..-343": 13} },
      value: { k: "enum", v: {"1": 0.5, "-1": 0.5} },
      name: { k: "string", len: [11, 64], ex: ["ContentTree"] },
    },
  },
  umbracoUserGroup: {
    rows: 8,
    columns: {
      id: { k: "identity" },
      userGroupAlias: { k: "string", len: [8, 200] },
      userGroupName: { k: "string", len: [10, 200] },
      userGroupDefaultPermissions: { k: "string", len: [10, 50], v: {"CADMOSKTPIURZ:5F7ïN": 0.2, "CAH:FN": 0.2, "CADMOSKTPUZ:5FïN": 0.3, "AF": 0.1, "": 0.2} },
      createDate: { k: "datetime" },
      updateDate: { k: "datetime" },
      icon: { k: "string", n: 0.2, len: [14, 255], ex: ["icon-medal"] },
      hasAccessToAllLanguages: { k: "bool", t: 0.8 },
      startContentId: { k: "fk", n: 0.8 },
      startMediaId: { k: "fk", n: 0.8 },
    },
  },
  umbracoUser2UserGroup: {
    rows: 40,
    columns: {
      userId: { k: "fk" },
      userGroupId: { k: "fk" },
    },
  },
  umbracoUserGroup2NodePermission: {
    rows: 60,
    columns: {
      userGroupId: { k: "fk" },
      nodeId: { k: "fk" },
      permission: { k: "string", len: [1, 255] },
    },
  },
  umbracoUserGroup2App: {
    rows: 20,
    columns: {
      userGroupId: { k: "fk" },
      app: { k: "string", len: [7, 50], v: {"content": 0.25, "media": 0.2, "settings": 0.1, "users": 0.08, "member": 0.1, "packages": 0.05, "translation": 0.12, "forms": 0.1} },
    },
  },
  umbracoUserStartNode: {
    rows: 12,
    columns: {
      id: { k: "identity" },
      userId: { k: "fk" },
      startNode: { k: "fk" },
      startNodeType: { k: "enum", v: {"1 (Content)": 0.6, "2 (Media)": 0.4} },
    },
  },
  cmsContentNu: {
    rows: 24100,
    columns: {
      nodeId: { k: "fk" },
      published: { k: "bool", t: 0.21 },
      data: { k: "json", n: 0.99 },
      rv: { k: "bigint", d: {"0-10": 0.9, "11-1000": 0.1} },
      dataRaw: { k: "binary", n: 0.01, len: [4000, 2000000] },
    },
  },
  umbracoDocumentVersion: {
    rows: 84140,
    columns: {
      id: { k: "fk" },
      templateId: { k: "fk", n: 0.05 },
      published: { k: "bool", t: 0.07 },
    },
  },
  umbracoKeyValue: {
    rows: 6,
    columns: {
      key: { k: "string", len: [45, 256], ex: ["Umbraco.Core.Upgrader.State+Umbraco.Core", "Umbraco.Web.PublishedCache.NuCache.Serializer"] },
      value: { k: "string", len: [38, 4000], ex: ["{CC47C751-A81B-489A-A2BC-0240245DB687}", "MessagePack"] },
      updated: { k: "datetime" },
    },
  },
  umbracoUserLogin: {
    rows: 400,
    columns: {
      sessionId: { k: "guid" },
      userId: { k: "fk" },
      loggedInUtc: { k: "datetime" },
      lastValidatedUtc: { k: "datetime" },
      loggedOutUtc: { k: "datetime", n: 0.6 },
      ipAddress: { k: "string", n: 0.01, len: [13, 255], ex: ["::1", "203.0.113.42", "2001:db8::1f"] },
    },
  },
  umbracoConsent: {
    rows: 3,
    columns: {
      id: { k: "identity" },
      current: { k: "bool", t: 0.7 },
      source: { k: "string", len: [12, 512] },
      context: { k: "string", len: [10, 128] },
      action: { k: "string", len: [10, 512] },
      createDate: { k: "datetime" },
      state: { k: "enum", v: {"1 (Pending)": 0.1, "2 (Granted)": 0.8, "4 (Revoked)": 0.1} },
      comment: { k: "string", n: 0.8, len: [20, 255] },
    },
  },
  umbracoAudit: {
    rows: 25000,
    columns: {
      id: { k: "identity" },
      performingUserId: { k: "int", d: {"0 (unknown/system)": 0.45, "-1": 0.15, "1..n": 0.4} },
      performingDetails: { k: "string", len: [36, 1024], ex: ["User \"Jane Editor\" <jane.editor@example.com>"] },
      performingIp: { k: "string", n: 0.05, len: [13, 64], ex: ["203.0.113.42"] },
      eventDateUtc: { k: "datetime" },
      affectedUserId: { k: "int" },
      affectedDetails: { k: "string", n: 0.05, len: [40, 1024], ex: ["Member 2345 \"Ann Member\" <ann@example.org>"] },
      eventType: { k: "string", len: [22, 256], v: {"umbraco/member/save": 0.45, "umbraco/user/sign-in/login": 0.25, "umbraco/user/sign-in/logout": 0.08, "umbraco/user/save": 0.1, "umbraco/user/sign-in/failed": 0.04, "umbraco/user/password/change": 0.02, "umbraco/member/roles/assigned": 0.03, "other": 0.03} },
      eventDetails: { k: "string", n: 0.02, len: [30, 1024], ex: ["updating LastLoginDate"] },
    },
  },
  umbracoContentVersionCultureVariation: {
    rows: 67000,
    columns: {
      id: { k: "identity" },
      versionId: { k: "fk" },
      languageId: { k: "fk" },
      name: { k: "string", len: [24, 255] },
      date: { k: "datetime" },
      availableUserId: { k: "fk", n: 0.05 },
    },
  },
  umbracoDocumentCultureVariation: {
    rows: 4800,
    columns: {
      id: { k: "identity" },
      nodeId: { k: "fk" },
      languageId: { k: "fk" },
      edited: { k: "bool", t: 0.1 },
      available: { k: "bool", t: 0.95 },
      published: { k: "bool", t: 0.85 },
      name: { k: "string", n: 0.05, len: [24, 255] },
    },
  },
  umbracoContentSchedule: {
    rows: 15,
    columns: {
      id: { k: "guid" },
      nodeId: { k: "fk" },
      languageId: { k: "fk", n: 0.6 },
      date: { k: "datetime" },
      action: { k: "string", len: [8, 255], v: {"Release": 0.6, "Expire": 0.4} },
    },
  },
  umbracoLogViewerQuery: {
    rows: 11,
    columns: {
      id: { k: "identity" },
      name: { k: "string", len: [50, 255], ex: ["Find all logs where the Level is NOT Verbose and NOT Debug"] },
      query: { k: "string", len: [35, 255], ex: ["Not(@Level='Verbose') and Not(@Level='Debug')"] },
    },
  },
  umbracoContentVersionCleanupPolicy: {
    rows: 6,
    columns: {
      contentTypeId: { k: "fk" },
      preventCleanup: { k: "bool", t: 0.3 },
      keepAllVersionsNewerThanDays: { k: "int", n: 0.5 },
      keepLatestVersionPerDayForDays: { k: "int", n: 0.5 },
      updated: { k: "datetime" },
    },
  },
  umbracoUserGroup2Node: {
    rows: 10,
    columns: {
      userGroupId: { k: "fk" },
      nodeId: { k: "fk" },
    },
  },
  umbracoCreatedPackageSchema: {
    rows: 1,
    columns: {
      id: { k: "identity" },
      name: { k: "string", len: [16, 255] },
      value: { k: "string", len: [1500, 20000] },
      updateDate: { k: "datetime" },
      packageId: { k: "guid" },
    },
  },
  umbracoUserGroup2Language: {
    rows: 4,
    columns: {
      userGroupId: { k: "fk" },
      languageId: { k: "fk" },
    },
  },
  umbracoWebhook: {
    rows: 2,
    columns: {
      id: { k: "identity" },
      key: { k: "guid" },
      url: { k: "string", len: [45, 2000], ex: ["https://hooks.example.net/umbraco/publish"] },
      enabled: { k: "bool", t: 0.9 },
    },
  },
  umbracoWebhook2ContentTypeKeys: {
    rows: 2,
    columns: {
      webhookId: { k: "fk" },
      entityKey: { k: "guid" },
    },
  },
  umbracoWebhook2Events: {
    rows: 3,
    columns: {
      webhookId: { k: "fk" },
      event: { k: "string", len: [22, 255], v: {"Umbraco.ContentPublish": 0.5, "Umbraco.ContentUnpublish": 0.3, "Umbraco.MediaSave": 0.2} },
    },
  },
  umbracoWebhook2Headers: {
    rows: 1,
    columns: {
      webhookId: { k: "fk" },
      Key: { k: "string", len: [12, 255], ex: ["x-api-key"] },
      Value: { k: "string", len: [32, 255] },
    },
  },
  umbracoWebhookLog: {
    rows: 300,
    columns: {
      id: { k: "identity" },
      webhookKey: { k: "guid" },
      key: { k: "guid" },
      statusCode: { k: "string", len: [14, 255], ex: ["OK (200)"] },
      date: { k: "datetime" },
      url: { k: "string", len: [45, 2000] },
      eventAlias: { k: "string", len: [22, 255], ex: ["Umbraco.ContentPublish"] },
      retryCount: { k: "int", d: {"0": 0.95, "1-5": 0.05} },
      requestHeaders: { k: "string", len: [200, 4000] },
      requestBody: { k: "json", len: [1500, 100000] },
      responseHeaders: { k: "string", len: [250, 4000] },
      responseBody: { k: "string", len: [100, 100000] },
      exceptionOccured: { k: "bool", t: 0.02 },
    },
  },
  umbracoWebhookRequest: {
    rows: 0,
    columns: {
      id: { k: "identity" },
      webhookKey: { k: "guid" },
      eventName: { k: "string", len: [22, 255] },
      requestObject: { k: "json", len: [1500, 100000] },
      retryCount: { k: "int", d: {"0": 0.9, "1-5": 0.1} },
    },
  },
  __EFMigrationsHistory: {
    rows: 2,
    columns: {
      MigrationId: { k: "string", len: [28, 150], v: {"20230622184303_InitialCreate": 0.5, "20230807654321_AddOpenIddict": 0.5} },
      ProductVersion: { k: "string", len: [5, 32], ex: ["8.0.8"] },
    },
  },
  umbracoOpenIddictApplications: {
    rows: 0,
    columns: {
      Id: { k: "string", len: [36, 450] },
      ClientId: { k: "string", len: [30, 100], ex: ["umbraco-member-delivery"] },
      ClientSecret: { k: "string", n: 1.0, len: [0, 100] },
      ConcurrencyToken: { k: "string", len: [36, 50] },
      ConsentType: { k: "string", len: [8, 50], ex: ["implicit"] },
      DisplayName: { k: "string", len: [30, 200] },
      DisplayNames: { k: "json", n: 1.0 },
      Permissions: { k: "json", len: [300, 2000] },
      PostLogoutRedirectUris: { k: "json" },
      Properties: { k: "json", n: 1.0 },
      RedirectUris: { k: "json", ex: ["[\"https://www.example.com/callback\"]"] },
      Requirements: { k: "json", n: 1.0 },
      Type: { k: "string", len: [6, 50], ex: ["public"] },
    },
  },
  umbracoOpenIddictScopes: {
    rows: 0,
    columns: {
      Id: { k: "string", len: [36, 450] },
      ConcurrencyToken: { k: "string", len: [36, 50] },
      Description: { k: "string", n: 0.5, len: [20, 200] },
      Descriptions: { k: "json", n: 1.0 },
      DisplayName: { k: "string", len: [20, 200] },
      DisplayNames: { k: "json", n: 1.0 },
      Name: { k: "string", len: [12, 200] },
      Properties: { k: "json", n: 1.0 },
      Resources: { k: "json", n: 0.5 },
    },
  },
  umbracoOpenIddictAuthorizations: {
    rows: 0,
    columns: {
      Id: { k: "string", len: [36, 450] },
      ApplicationId: { k: "fk" },
      ConcurrencyToken: { k: "string", len: [36, 50] },
      CreationDate: { k: "datetime2" },
      Properties: { k: "json", n: 1.0 },
      Scopes: { k: "json", ex: ["[\"openid\",\"offline_access\"]"] },
      Status: { k: "string", len: [5, 50], v: {"valid": 0.8, "revoked": 0.2} },
      Subject: { k: "string", len: [36, 400] },
      Type: { k: "string", len: [9, 50], ex: ["permanent"] },
    },
  },
  umbracoOpenIddictTokens: {
    rows: 0,
    columns: {
      Id: { k: "string", len: [36, 450] },
      ApplicationId: { k: "fk" },
      AuthorizationId: { k: "fk", n: 0.1 },
      ConcurrencyToken: { k: "string", len: [36, 50] },
      CreationDate: { k: "datetime2" },
      ExpirationDate: { k: "datetime2" },
      Payload: { k: "string", n: 0.7, len: [0, 4000] },
      Properties: { k: "json", n: 0.9 },
      RedemptionDate: { k: "datetime2", n: 0.7 },
      ReferenceId: { k: "string", n: 0.5, len: [43, 100] },
      Status: { k: "string", len: [5, 50], v: {"valid": 0.5, "redeemed": 0.3, "revoked": 0.2} },
      Subject: { k: "string", len: [36, 400] },
      Type: { k: "string", len: [13, 50], v: {"refresh_token": 0.6, "access_token": 0.3, "authorization_code": 0.1} },
    },
  },
};
