-- Load Module:Citation/CS1/Whitelist and /Configuration (files given on the command line) with a
-- minimal stand-in for Scribunto's `mw` and print their data tables as JSON on stdout.
-- Written for wikibox; it reads the wiki's modules, it holds none of their text.
-- usage: lua5.1 dump_module_data.lua WHITELIST.lua CONFIGURATION.lua

local function trim (s) return (s:gsub ('^%s*(.-)%s*$', '%1')) end

local content_language = {}
function content_language:getCode () return 'en' end
function content_language:formatNum (n) return tostring (n) end
function content_language:parseFormattedNumber (s) return tonumber (s) end
local months = {'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
	'September', 'October', 'November', 'December'}
function content_language:formatDate (format, date)
	local month = tonumber (date:match ('^%d+%-(%d+)'))
	if format == 'F' then return months[month] end
	if format == 'M' then return months[month]:sub (1, 3) end
	return ''
end

mw = {
	language = {
		getContentLanguage = function () return content_language end,
		fetchLanguageNames = function () return {} end,
	},
	getContentLanguage = function () return content_language end,
	site = {talkNamespaces = {}, server = '//localhost', interwikiMap = function () return {} end},
	title = {getCurrentTitle = function () return {namespace = 10, getContent = function () return nil end} end},
	text = {
		trim = trim,
		split = function (s, sep)
			local out = {}
			for piece in (s .. sep):gmatch ('(.-)' .. sep) do table.insert (out, piece) end
			return out
		end,
	},
	ustring = {lower = string.lower, upper = string.upper, match = string.match, gsub = string.gsub,
		find = string.find, gmatch = string.gmatch, len = string.len, sub = string.sub},
	getCurrentFrame = function () return {callParserFunction = function () return 'en' end} end,
	ext = {},
	loadData = function () return {} end,
	loadJsonData = function () return {} end,
}

local function json (value, seen)
	local kind = type (value)
	if kind == 'string' then
		return '"' .. value:gsub ('[%c"\\]', function (c)
			return string.format ('\\u%04x', c:byte ())
		end) .. '"'
	elseif kind == 'number' or kind == 'boolean' then
		return tostring (value)
	elseif kind ~= 'table' then
		return 'null'
	end
	seen = seen or {}
	if seen[value] then return 'null' end
	seen[value] = true
	local keys = {}
	for k in pairs (value) do table.insert (keys, k) end
	local is_list = #keys > 0 and #keys == #value
	local out = {}
	if is_list then
		for _, item in ipairs (value) do table.insert (out, json (item, seen)) end
		seen[value] = nil
		return '[' .. table.concat (out, ',') .. ']'
	end
	table.sort (keys, function (a, b) return tostring (a) < tostring (b) end)
	for _, k in ipairs (keys) do
		local item = value[k]
		if type (item) ~= 'function' then
			table.insert (out, json (tostring (k)) .. ':' .. json (item, seen))
		end
	end
	seen[value] = nil
	return '{' .. table.concat (out, ',') .. '}'
end

local whitelist = dofile (arg[1])
local cfg = dofile (arg[2])

local errors, maintenance = {}, {}
for key, condition in pairs (cfg.error_conditions) do
	local entry = {category = condition.category, hidden = condition.hidden, message = condition.message}
	if key:match ('^err_') then errors[key] = entry else maintenance[key] = entry end
end

print (json ({
	whitelist = {
		common = whitelist.common_parameters_t,
		limited = whitelist.limited_parameters_t,
		document = whitelist.document_parameters_t,
		preprint = whitelist.preprint_arguments_t,
		unique = whitelist.unique_arguments_t,
	},
	aliases = cfg.aliases,
	keywords = cfg.keywords_lists,
	citation_classes = cfg.citation_class_map_t,
	errors = errors,
	maintenance = maintenance,
	date_names = {en = cfg.date_names.en, ['local'] = cfg.date_names['local']},
	templates_using_volume = cfg.templates_using_volume,
	templates_using_issue = cfg.templates_using_issue,
	id_limits = {PMID = cfg.id_handlers.PMID.id_limit, PMC = cfg.id_handlers.PMC.id_limit},
	generic_titles = cfg.special_case_translation.generic_titles,
	archived_copy = cfg.special_case_translation.archived_copy,
}))
